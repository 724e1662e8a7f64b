#!/bin/bash
# pbs_standin.sh BIN_DIR SCRIPT [CHECK...]
# No PBS Pro server is packaged in Debian, and Debian's Open MPI has no PBS (tm) launcher,
# so a PBS job script is checked by a stand-in for the server: it reads the script's #PBS
# lines, checks the ones Nurion requires, and runs the script the way PBS would start it on
# the test's nodes (nodes.sh):
#   PBS_NODEFILE   one line per rank: each of the first `select` nodes, `mpiprocs` times
#   PBS_O_WORKDIR  a scratch folder (where qsub would have been run)
#   OMP_NUM_THREADS `ompthreads`, as PBS sets it
# A test node has 2 cores, not a KNL node's 68: ranks per node and threads per rank are
# scaled down to fit (mpiprocs=4:ompthreads=17 becomes 2 ranks x 1 thread per node), as
# a smaller allocation would give them; the script's launch lines run unchanged.
# The script's own mpirun lines then start the ranks on the nodes, through the same launch
# agent and TCP settings as the other multi-node tests. Each CHECK (an extended regular
# expression) must match a line of the script's output.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$1 script=$(realpath "$2")
shift 2
[ "$(id -u)" -eq 0 ] || { echo "skipped: the multi-node tests make network namespaces, which needs root" >&2; exit 77; }

problems=0
directive() { grep -E "^#PBS $1" "$script" | head -1; }
for required in "-A " "-q " "-l select=" "-l walltime="; do
  if [ -z "$(directive "$required")" ]; then
    echo "FAIL: no '#PBS $required' line (Nurion needs it)"
    problems=1
  fi
done
select=$(directive "-l select=" | sed 's/^#PBS -l select=//')
chunks=${select%%:*}
mpiprocs=$(grep -o 'mpiprocs=[0-9]*' <<<"$select" | cut -d= -f2)
ompthreads=$(grep -o 'ompthreads=[0-9]*' <<<"$select" | cut -d= -f2)
ncpus=$(grep -o 'ncpus=[0-9]*' <<<"$select" | cut -d= -f2)
if [ -z "$mpiprocs" ] || [ -z "$ompthreads" ] || [ -z "$ncpus" ]; then
  echo "FAIL: the select line '$select' lacks ncpus, mpiprocs or ompthreads"
  exit 1
fi
if [ $((mpiprocs * ompthreads)) -gt "$ncpus" ]; then
  echo "FAIL: mpiprocs x ompthreads = $((mpiprocs * ompthreads)) is more than the $ncpus cores of a node"
  problems=1
fi
mapfile -t nodes < <(ip netns list | awk '{print $1}' | grep -E '^wbnode[0-9]+$' | sort)
if [ "${#nodes[@]}" -lt "$chunks" ]; then
  echo "FAIL: the script asks for $chunks nodes, the test has ${#nodes[@]}"
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
per_node=$((mpiprocs < 2 ? mpiprocs : 2))
threads=$((ompthreads * per_node <= 2 ? ompthreads : 2 / per_node))
for ((k = 0; k < chunks; k++)); do
  for ((p = 0; p < per_node; p++)); do echo "${nodes[$k]}"; done
done >"$work/nodefile"
echo "stand-in: select=$select -> $chunks nodes x $per_node ranks x $threads threads (scaled to the test nodes' 2 cores)"

# What the PBS server and the site's Open MPI configuration would provide.
output=$(cd "$work" && eval "$("$here/nodes.sh" settings)" &&
  PBS_NODEFILE=$work/nodefile PBS_O_WORKDIR=$work PBS_JOBID=standin.1 OMP_NUM_THREADS=$threads \
  WORKBOOK_BIN=$bin WORKBOOK_PI_STEPS=100000000 \
  timeout --kill-after=5 120 bash "$script" 2>&1)
status=$?
sed 's/^/    /' <<<"$output"
if [ $status -ne 0 ]; then
  echo "FAIL: the script exited with code $status"
  problems=1
fi
for check in "$@"; do
  if ! grep -q -E -- "$check" <<<"$output"; then
    echo "FAIL: the output has no line matching '$check'"
    problems=1
  fi
done
[ $problems -eq 0 ] && echo "OK: $(basename "$script") ran its launch lines on the nodes as PBS would"
exit $problems
