#!/bin/bash
# nodes.sh: several "nodes" on one machine, for tests that cross real node boundaries.
#
# Each node is a network namespace with its own address on a private subnet that exists
# only inside this machine, joined by a bridge; Open MPI reaches the nodes over TCP and
# starts its daemons there through a launch agent (this script's `agent`) instead of ssh.
# Nothing else on the machine is touched: only the namespaces, links and processes this
# script made, and only loopback and the private subnet's addresses are used.
#
#   nodes.sh up [N]          make N nodes (default 2): wbnode1 (10.77.0.11), wbnode2, ...
#   nodes.sh down            stop every process in them and remove them (also after a crash)
#   nodes.sh agent HOST CMD  Open MPI's launch agent (plm_rsh_agent): run CMD in node HOST
#   nodes.sh mpirun NP PROGRAM [ARGS...]
#                            mpirun over the nodes (2 slots each) with the settings below
#   nodes.sh settings        those settings as `export` lines, for a test that runs its own
#                            mpirun (a job script): eval "$(nodes.sh settings)"
#   nodes.sh kill-node HOST  kill every process in one node (fault injection)
#
# WB_NODE_PREFIX (default wbnode) and WB_SUBNET (default 10.77.0) make a second, separate
# set: the fault-injection test uses its own nodes, so taking one away cannot disturb the
# other tests. Needs root (network namespaces); without it: exit 77, the CTest skip code.
set -euo pipefail

prefix=${WB_NODE_PREFIX:-wbnode}
# Open MPI's session folders of the daemons on these nodes: in one folder of this prefix
# (not ompi.NODE.UID in the temp folder), removed by `down` however a run ended.
sessions=${TMPDIR:-/tmp}/wb_nodes.$prefix
subnet=${WB_SUBNET:-10.77.0}
bridge=${prefix}br
here=$(cd "$(dirname "$0")" && pwd)
state=/run/${prefix}.nodes  # how many nodes are up
hostfile=""
trap '[ -z "$hostfile" ] || rm -f "$hostfile"' EXIT

need_root() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "skipped: the multi-node tests make network namespaces, which needs root" >&2
    exit 77
  fi
  if ! command -v ip >/dev/null 2>&1; then
    echo "skipped: the multi-node tests need ip (Debian package iproute2)" >&2
    exit 77
  fi
}

nodes() {  # the node names that are up
  local count=0
  [ -f "$state" ] && count=$(cat "$state")
  for ((k = 1; k <= count; k++)); do echo "$prefix$k"; done
}

cmd_down() {
  need_root
  local node
  # Namespaces of this prefix, whether or not the state file survived.
  for node in $(ip netns list | awk '{print $1}' | grep -E "^${prefix}[0-9]+$" || true); do
    # Every process still inside the node: daemons, ranks, anything a test left.
    ip netns pids "$node" 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true
    ip netns del "$node" 2>/dev/null || true
  done
  for link in $(ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | grep -E "^(${prefix}veth[0-9]+|${bridge})$" || true); do
    ip link del "$link" 2>/dev/null || true
  done
  rm -f "$state"
  rm -rf "$sessions"
}

cmd_up() {
  need_root
  local count=${1:-2} k node
  cmd_down  # a crashed run may have left some behind
  if ip -o addr show | grep -q " ${subnet}\."; then
    echo "nodes.sh: the subnet ${subnet}.0/24 is already in use here; set WB_SUBNET" >&2
    exit 1
  fi
  ip link add "$bridge" type bridge
  ip addr add "${subnet}.1/24" dev "$bridge"
  ip link set "$bridge" up
  for ((k = 1; k <= count; k++)); do
    node=$prefix$k
    ip netns add "$node"
    ip link add "${prefix}veth$k" type veth peer name eth0 netns "$node"
    ip link set "${prefix}veth$k" master "$bridge" up
    ip -n "$node" addr add "${subnet}.$((10 + k))/24" dev eth0
    ip -n "$node" link set eth0 up
    ip -n "$node" link set lo up
  done
  echo "$count" >"$state"
  echo "nodes.sh: $count nodes up: $(nodes | tr '\n' ' ')on ${subnet}.0/24"
}

cmd_agent() {
  local host=$1
  shift
  # A UTS namespace of its own, so that the node reports its own host name.
  exec ip netns exec "$host" unshare --uts sh -c "hostname $host; $*"
}

# Open MPI's settings for the nodes, under the names of both launchers: Open MPI 4's (ORTE,
# OMPI_MCA_ variables) and Open MPI 5's (PRRTE, PRTE_MCA_ variables, some renamed); each
# reads its own and ignores the other's. The daemons are started by the agent; every
# connection (the daemons' and the ranks') is on the private subnet, over TCP: the
# shared-memory transport would work only inside a node. More ranks than slots are allowed
# (a job script may ask for the node's cores; these nodes have 2 slots).
cmd_settings() {
  mkdir -p "$sessions"
  local agent
  printf -v agent '%q' "$here/nodes.sh agent"
  cat <<SETTINGS
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_plm_rsh_agent=$agent PRTE_MCA_plm_ssh_agent=$agent
export OMPI_MCA_oob_tcp_if_include=${subnet}.0/24 PRTE_MCA_oob_tcp_if_include=${subnet}.0/24
export OMPI_MCA_btl=self,tcp OMPI_MCA_btl_tcp_if_include=${subnet}.0/24
export OMPI_MCA_orte_tmpdir_base=$(printf '%q' "$sessions") PRTE_MCA_prte_tmpdir_base=$(printf '%q' "$sessions")
export OMPI_MCA_rmaps_base_oversubscribe=1 PRTE_MCA_rmaps_default_mapping_policy=slot:oversubscribe
SETTINGS
}

cmd_mpirun() {
  local np=$1 node
  shift
  eval "$(cmd_settings)"
  hostfile=$sessions/hostfile
  for node in $(nodes); do echo "$node slots=2"; done >"$hostfile"
  [ -s "$hostfile" ] || { echo "nodes.sh: no nodes are up (nodes.sh up)" >&2; exit 1; }
  local status=0
  mpirun --hostfile "$hostfile" -n "$np" "$@" || status=$?
  return $status
}

cmd_kill_node() {
  need_root
  ip netns pids "$1" | xargs -r kill -KILL
}

command=${1:-}
shift || true
case $command in
  up) cmd_up "$@" ;;
  down) cmd_down ;;
  agent) cmd_agent "$@" ;;
  mpirun) cmd_mpirun "$@" ;;
  settings) cmd_settings ;;
  kill-node) cmd_kill_node "$@" ;;
  -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' ;;
  *) echo "usage: nodes.sh up [N] | down | agent HOST CMD | mpirun NP PROGRAM [ARGS] | settings | kill-node HOST" >&2; exit 2 ;;
esac
