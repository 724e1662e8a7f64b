#!/bin/bash
# hosts_used.sh BIN_DIR: runs hybrid_hello on 4 ranks x 2 threads across the test's nodes
# and checks that the ranks really ran on different nodes: ranks 0 and 1 on wbnode1,
# ranks 2 and 3 on wbnode2 (by slot: 2 per node), each with both of its threads.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$1
[ "$(id -u)" -eq 0 ] || { echo "skipped: the multi-node tests make network namespaces, which needs root" >&2; exit 77; }
out=$(OMP_NUM_THREADS=2 "$here/nodes.sh" mpirun 4 -x OMP_NUM_THREADS "$bin/12_cluster.hybrid_hello")
echo "$out"
status=0
for rank in 0 1 2 3; do
  node=wbnode$((rank / 2 + 1))
  for thread in 0 1; do
    if ! grep -q "^rank $rank of 4, thread $thread of 2, on host $node, core [0-9]*$" <<<"$out"; then
      echo "FAIL: no line from rank $rank thread $thread on $node"
      status=1
    fi
  done
done
[ $status -eq 0 ] && echo "OK: 4 ranks x 2 threads, two ranks on each of 2 nodes"
exit $status
