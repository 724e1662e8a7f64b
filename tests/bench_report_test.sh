#!/usr/bin/env bash
# wb_bench_report on made-up medians whose verdicts are known (usage: bench_report_test.sh
# BIN_DIR): a program without a peer, a peer in several forms, targets met, missed and not
# judged, a peer on the reference BLAS, a second run with another setting, bad targets.
set -uo pipefail
if [ $# -ne 1 ]; then echo "usage: bench_report_test.sh BIN_DIR" >&2; exit 2; fi
report=$1/wb_bench_report
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
expect() {  # expect WHAT PATTERN TEXT: the grep -E pattern is in the text
  if grep -Eq -- "$2" <<<"$3"; then echo "ok: $1"; else echo "FAIL: $1: no '$2' in:"; echo "$3"; failures=$((failures + 1)); fi
}
median() {  # median NAME TIME_MS [FLOPS]: one Google Benchmark median entry
  printf '{"name": "%s_median", "run_name": "%s", "run_type": "aggregate", "aggregate_name": "median", "real_time": %s, "time_unit": "ms"%s}' \
    "$1" "$1" "$2" "${3:+, \"flops\": $3}"
}
cat >"$work/cpp.json" <<JSON
{"context": {"blas": "OpenBLAS test (kernels: Test)"}, "benchmarks": [
 $(median BM_work/threads:1 100), $(median BM_work/threads:2 50),
 $(median BM_work_blas/threads:1 80), $(median BM_work_blas/threads:2 45),
 $(median BM_mm/threads:1 10 6e10), $(median BM_peak/threads:1 1 1e11)]}
JSON
cat >"$work/python.json" <<JSON
{"context": {"peer": "python", "blas": "numpy on OpenBLAS", "blas_kind": "OpenBLAS"}, "benchmarks": [
 $(median BM_work/threads:1 1000), $(median "BM_work/threads:1@numpy" 90),
 $(median BM_work/threads:2 1000), $(median "BM_work/threads:2@numpy" 40)]}
JSON
cat >"$work/targets" <<'TARGETS'
# made up: the fastest C++ form against the fastest Python form
work on 1 thread | BM_work/threads:1 BM_work_blas/threads:1 BM_absent/threads:1? | python BM_work/threads:1 | 1.0
work on all cores | BM_work/threads:all BM_work_blas/threads:all | python BM_work/threads:all | 1.0
work scales | BM_work/threads:all | cpp BM_work/threads:1 | 1.5
product share of peak | BM_mm/threads:1 | peak 1 | 0.75
TARGETS

# 1. No peer, no targets: the tables alone (a null context once stopped it here).
out=$("$report" --cpp "$work/cpp.json" --name alone 2>&1); status=$?
expect "a program without a peer is reported (exit $status)" "^BM_work/threads:2 +50\.00 ms" "$out"
[ "$status" -eq 0 ] || { echo "FAIL: exit $status without a peer"; failures=$((failures + 1)); }

# 2. Peer forms and targets.
out=$("$report" --cpp "$work/cpp.json" --python "$work/python.json" --targets "$work/targets" --name t 2>&1)
expect "the fastest Python form is shown" "BM_work/threads:1 .* 90\.00 ms \(numpy\)" "$out"
expect "the fastest C++ form meets 1 thread (90 / 80)" "^  met +1\.12x \(needs 1\.00x\) +work on 1 thread" "$out"
expect "all cores is the most threads run, missed (40 / 45)" "^  MISSED +0\.89x \(needs 1\.00x\) +work on all cores" "$out"
expect "a C++ sweep against itself, met (100 / 50 = 2.0, needs 1.5)" "^  met +2\.00x \(needs 1\.50x\) +work scales" "$out"
expect "a share of the peak, missed (60 of 100 GFLOP/s)" "^  MISSED +60% \(needs +75%\) +product share of peak" "$out"
expect "the count of targets met" "2 of 4 targets judged here are met" "$out"
expect "both sides' BLAS are named" "numpy ran on: numpy on OpenBLAS" "$out"

# 3. A peer on the reference BLAS: said, and its targets not judged.
sed 's/"blas_kind": "OpenBLAS"/"blas_kind": "reference"/' "$work/python.json" >"$work/reference.json"
out=$("$report" --cpp "$work/cpp.json" --python "$work/reference.json" --targets "$work/targets" --name r 2>&1)
expect "the reference BLAS is said" "REFERENCE BLAS" "$out"
expect "its targets are not judged" "not judged: the peer ran on the reference BLAS" "$out"
expect "the others still are" "1 of 2 targets judged here are met" "$out"

# 4. A second run with another setting, side by side.
out=$("$report" --cpp "$work/cpp.json" --also "$work/cpp.json" --also-label same --name a 2>&1)
expect "the second run is shown beside the first" "^BM_work/threads:1 +100\.00 ms +100\.00 ms +1\.00x" "$out"

# 5. Bad targets and names: one line, exit 2; a name the program does not run: exit 1.
printf 'x | BM_work/threads:1 | python BM_work/threads:1\n' >"$work/bad"
out=$("$report" --cpp "$work/cpp.json" --targets "$work/bad" 2>&1); status=$?
expect "a target line without AT LEAST is refused with its line number (exit $status)" "bad:1: expected WHAT" "$out"
[ "$status" -eq 2 ] || { echo "FAIL: exit $status for a bad targets file"; failures=$((failures + 1)); }
printf 'BM_work/threads:1\nBM_work/threads:2\nBM_work_blas/threads:1\nBM_work_blas/threads:2\nBM_mm/threads:1\nBM_peak/threads:1\n' >"$work/list"
out=$("$report" --targets "$work/targets" --benchmarks "$work/list" 2>&1); status=$?
expect "every C++ name of the targets is in the list, the optional one aside" "4 targets; every C\+\+ benchmark" "$out"
printf 'x | BM_typo/threads:1 | cpp BM_work/threads:1 | 1\n' >"$work/typo"
out=$("$report" --targets "$work/typo" --benchmarks "$work/list" 2>&1); status=$?
expect "a name the program does not run is caught" "names BM_typo/threads:1, which the program does not run" "$out"
[ "$status" -eq 1 ] || { echo "FAIL: exit $status for a misspelt benchmark"; failures=$((failures + 1)); }

[ "$failures" -eq 0 ] || { echo "$failures checks failed"; exit 1; }
echo "every check passed"
