#!/bin/bash
# slurm.sh: a small Slurm cluster on the test's nodes (nodes.sh), from Debian's slurmctld,
# slurmd and munge, for submitting the lesson's real job scripts with sbatch.
#
#   slurm.sh up              munged and slurmctld here (on the bridge address), one slurmd
#                            inside each node; waits until both nodes are idle
#   slurm.sh down            stops every daemon it started and removes its files
#   slurm.sh submit BIN_DIR SCRIPT CHECK...
#                            sbatch SCRIPT (with WORKBOOK_BIN=BIN_DIR), waits for it
#                            (at most 90 s), shows its output file, and checks that the
#                            output holds each CHECK (an extended regular expression)
#
# Everything lives in /run/wbslurm: its own munge key and socket, its own configuration
# and ports (16817, 16818), so a Slurm or munge of the machine itself is never touched.
# Facts this rests on: ../../../shared/MULTINODE.md (slurmd started with nsenter, not
# `ip netns exec`; one mpi.conf per node for PMIx; config_overrides for the core count).
set -euo pipefail

dir=/run/wbslurm
subnet=10.77.0
export SLURM_CONF=$dir/slurm.conf

need_tools() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "skipped: the Slurm tests start Slurm's daemons in network namespaces, which needs root" >&2
    exit 77
  fi
  local tool missing=""
  for tool in slurmctld slurmd sbatch munged mungekey; do
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
  done
  if [ -n "$missing" ]; then
    echo "skipped: not installed:$missing (Debian packages slurmctld slurmd slurm-client munge)" >&2
    exit 77
  fi
}

nodes() { ip netns list | awk '{print $1}' | grep -E '^wbnode[0-9]+$' | sort; }

write_config() {
  local node k=0
  cat >"$dir/slurm.conf" <<EOF
# Written by tests/multinode/slurm.sh: a test cluster inside this machine.
ClusterName=workbook
SlurmctldHost=wbctl(${subnet}.1)
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
AuthInfo=socket=$dir/munge.socket
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool-%n
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd-%n.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd-%n.log
# The nodes declare 2 cores each, whatever this machine has.
SlurmdParameters=config_overrides
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
EOF
  for node in $(nodes); do
    k=$((k + 1))
    echo "NodeName=$node NodeAddr=${subnet}.$((10 + k)) CPUs=2 Sockets=1 CoresPerSocket=2 ThreadsPerCore=1 State=UNKNOWN" >>"$dir/slurm.conf"
  done
  echo "PartitionName=work Nodes=$(nodes | paste -sd,) Default=YES MaxTime=10 State=UP" >>"$dir/slurm.conf"
}

cmd_down() {
  [ "$(id -u)" -eq 0 ] || { echo "skipped: nothing to stop without root" >&2; exit 77; }
  local pidfile
  for pidfile in "$dir"/slurmd-*.pid "$dir"/slurmctld.pid "$dir"/munged.pid; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  sleep 0.5
  # Anything still running from this cluster's configuration or socket.
  pkill -KILL -f "$dir/" 2>/dev/null || true
  rm -rf "$dir"
}

cmd_up() {
  need_tools
  local node
  [ -n "$(nodes)" ] || { echo "slurm.sh: no nodes (run nodes.sh up first)" >&2; exit 1; }
  cmd_down
  mkdir -p "$dir/state"
  # munge: its own key and socket.
  mungekey --create --keyfile="$dir/munge.key" 2>/dev/null
  munged --force --socket="$dir/munge.socket" --key-file="$dir/munge.key" --pid-file="$dir/munged.pid" \
    --log-file="$dir/munged.log" --seed-file="$dir/munged.seed"
  write_config
  # slurmctld recognises itself by host name: give it one of its own.
  unshare --uts sh -c "hostname wbctl; exec slurmctld -f $dir/slurm.conf"
  for node in $(nodes); do
    # Each node reads its own copy of the configuration, beside an mpi.conf with its own
    # PMIx directory: two slurmd sharing one would collide.
    mkdir -p "$dir/$node" "$dir/pmix-$node"
    cp "$dir/slurm.conf" "$dir/$node/slurm.conf"
    echo "PMIxCliTmpDirBase=$dir/pmix-$node" >"$dir/$node/mpi.conf"
    nsenter --net="/run/netns/$node" unshare --uts sh -c \
      "hostname $node; exec slurmd -f $dir/$node/slurm.conf -N $node"
  done
  for _ in $(seq 1 60); do
    if [ "$(sinfo -h -o '%T' 2>/dev/null | sort -u)" = "idle" ]; then
      sinfo
      return 0
    fi
    sleep 0.5
  done
  echo "slurm.sh: the nodes did not become idle in 30 s" >&2
  sinfo >&2 || true
  tail -5 "$dir"/*.log >&2 || true
  exit 1
}

cmd_submit() {
  need_tools
  local bin=$1 script job state output check status=0
  script=$(realpath "$2")
  shift 2
  # The job runs the lessons' programs from the build, over TCP on the test's subnet
  # (settings any site's Open MPI would have in its own configuration), as root.
  job=$(cd "$dir" && WORKBOOK_BIN=$bin OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 \
        OMPI_MCA_btl=self,tcp OMPI_MCA_btl_tcp_if_include=${subnet}.0/24 OMPI_MCA_oob_tcp_if_include=${subnet}.0/24 \
        sbatch --parsable --output="$dir/job-%j.out" "$script")
  echo "submitted $(basename "$script") as job $job"
  for _ in $(seq 1 180); do
    state=$(scontrol show job "$job" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2 || true)
    case $state in
      COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY) break ;;
    esac
    sleep 0.5
  done
  output=$dir/job-$job.out
  echo "job $job: ${state:-unknown}; its output:"
  sed 's/^/    /' "$output" 2>/dev/null || echo "    (no output file)"
  if [ "$state" != "COMPLETED" ]; then
    echo "FAIL: job $job ended $state"
    scancel "$job" 2>/dev/null || true
    return 1
  fi
  for check in "$@"; do
    if ! grep -q -E -- "$check" "$output"; then
      echo "FAIL: the output has no line matching '$check'"
      status=1
    fi
  done
  [ $status -eq 0 ] && echo "OK: $(basename "$script") ran under Slurm and printed what it should"
  return $status
}

command=${1:-}
shift || true
case $command in
  up) cmd_up ;;
  down) cmd_down ;;
  submit) cmd_submit "$@" ;;
  *) echo "usage: slurm.sh up | down | submit BIN_DIR SCRIPT [CHECK...]" >&2; exit 2 ;;
esac
