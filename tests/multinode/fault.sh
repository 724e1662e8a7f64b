#!/bin/bash
# fault.sh BIN_DIR: takes a node away in the middle of a run. Makes its own two nodes
# (wbfault1, wbfault2 on 10.78.0.0/24, apart from the other tests' nodes), starts a long
# heat1d on 4 ranks across them, kills every process of wbfault2 after 2 s, and checks
#   - that the run ends with an error message naming the lost node, well within 60 s,
#     without its final answer, and with a non-zero exit (Open MPI 5.0's mpirun prints the
#     error and exits 0: that is reported as a note, since a job script must check its
#     results, not only mpirun's exit code);
#   - that afterwards no namespace, link or process of the test is left behind.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$1
[ "$(id -u)" -eq 0 ] || { echo "skipped: the multi-node tests make network namespaces, which needs root" >&2; exit 77; }
export WB_NODE_PREFIX=wbfault WB_SUBNET=10.78.0
trap '"$here/nodes.sh" down' EXIT
"$here/nodes.sh" up 2 || exit 1

err=$(mktemp)
out=$(mktemp)
start=$SECONDS
timeout --kill-after=5 60 "$here/nodes.sh" mpirun 4 "$bin/06_mpi.heat1d" --steps 100000000 >"$out" 2>"$err" &
run=$!
sleep 2
echo "taking wbfault2 away: killing its $(ip netns pids wbfault2 | wc -l) processes"
"$here/nodes.sh" kill-node wbfault2
wait $run
status=$?
elapsed=$((SECONDS - start))
problems=0
echo "the run ended after ${elapsed} s with exit code $status; its first error lines:"
# (-a: Open MPI 5 writes a NUL byte after its message)
grep -a -v -E '^-+$|^$' "$err" | head -3 | sed 's/^/    /'
if grep -a -q -E '^(u at x|largest|time:)' "$out"; then echo "FAIL: the run printed its final answer: the lost node was not noticed"; problems=1; fi
if [ $status -eq 0 ]; then
  if grep -a -q 'PRTE has lost communication with a remote daemon' "$err"; then
    echo "note: Open MPI 5's mpirun exited 0 after losing a node (it printed the error above):"
    echo "      a job script must check its results, not only mpirun's exit code"
  else
    echo "FAIL: the run reported success"; problems=1
  fi
fi
if [ $status -eq 124 ] || [ $status -eq 137 ]; then echo "FAIL: the run did not end by itself within 60 s"; problems=1; fi
if ! grep -a -q -i -E 'daemon|disconnected|lost' "$err"; then echo "FAIL: no error message about the lost node"; problems=1; fi
rm -f "$err" "$out"

"$here/nodes.sh" down
trap - EXIT
left=$(ip netns list | grep -c '^wbfault' || true)
links=$(ip -o link show | grep -c 'wbfault' || true)
ranks=$(pgrep -f '06_mpi.heat1d --steps 100000000' | wc -l || true)
echo "left behind: $left namespaces, $links links, $ranks processes"
if [ "$left$links$ranks" != "000" ]; then echo "FAIL: something was left behind"; problems=1; fi
[ $problems -eq 0 ] && echo "OK: a lost node ends the run with an error, and nothing is left behind"
exit $problems
