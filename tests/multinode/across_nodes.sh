#!/bin/bash
# across_nodes.sh BIN_DIR NP PROGRAM [ARGS...]
# Runs an MPI program on NP ranks spread over the test's nodes (nodes.sh mpirun: 2 ranks
# per node, Open MPI over TCP) and on NP ranks on this machine alone (wb_mpiexec, shared
# memory), and checks that both print the same: an MPI program's answer must not depend
# on where its ranks run. Lines with times are left out of the comparison.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$1 np=$2 program=$3
shift 3
[ "$(id -u)" -eq 0 ] || { echo "skipped: the multi-node tests make network namespaces, which needs root" >&2; exit 77; }

strip_times() { grep -v -E '(time|[0-9] s |speedup)' || true; }
# Threads per rank fixed and handed to every rank: left to itself, a hybrid program takes
# the CPUs its rank is bound to, which differs between the launchers' placements.
export OMP_NUM_THREADS=2
local_out=$("$bin/wb_mpiexec" "$np" "$bin/$program" "$@" | strip_times)
nodes_out=$("$here/nodes.sh" mpirun "$np" -x OMP_NUM_THREADS "$bin/$program" "$@" | strip_times)
if [ "$local_out" != "$nodes_out" ]; then
  echo "FAIL: $program on $np ranks across nodes printed something else than on one machine"
  diff <(echo "$local_out") <(echo "$nodes_out") || true
  exit 1
fi
echo "$nodes_out"
echo "OK: $program on $np ranks across the nodes prints the same as on one machine"
