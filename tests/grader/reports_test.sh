#!/usr/bin/env bash
# What wb_grade tells a student about a run that hangs, crashes or crawls, checked with
# small stand-in programs (shell scripts) for the solution and the student's program:
#   - a run stopped after the timeout shows the program's last output (where it hung);
#   - every run that crashed shows its own error output, not only the first failure;
#   - a correct run far slower than the solution's says so;
#   - the runs are shown as commands that run when pasted (environment first);
#   - an offload exercise (--gpu-probe): without a GPU the grader says the mapping was not
#     checked, and a variant that --needs-gpu is skipped (77); with one, every run is made on
#     the host and on the device, and a program wrong on the device only fails there;
#   - the OpenMP settings of the student's shell (OMP_*) reach no graded run, and the
#     report names them.
# Usage: reports_test.sh BIN_DIR
set -uo pipefail
bin=$1
failures=0
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

expect_in() {
  if grep -qE -- "$2" <<<"$1"; then echo "ok:   $3"; else echo "FAIL: $3: no /$2/ in:"; sed 's/^/    /' <<<"$1"; failures=$((failures + 1)); fi
}
program() {  # program NAME BODY: an executable shell script
  printf '#!/bin/sh\n%s\n' "$2" >"$dir/$1"
  chmod +x "$dir/$1"
}
grade() {  # grade EXPECTED ACTUAL ARGS...
  "$bin/wb_grade" --name 99_test.ex --expected "$dir/$1" --actual "$dir/$2" --root "$dir" "${@:3}" 2>&1
}

program solution 'echo "queue: push 1, push 2"; echo "close(); then try_push 50: refused"; echo "drained: 2 items"'
program hangs 'echo "queue: push 1, push 2"; echo "close(); then try_push 50: refused"; sleep 60'
out=$(grade solution hangs --timeout 2)
expect_in "$out" "no answer in 2 s" "a hang is reported as such"
expect_in "$out" "close\\(\\); then try_push 50: refused" "the report of a hang shows the last line the program printed"

program crashes 'echo "boom at $WB_N" >&2; kill -SEGV $$'
out=$(grade solution crashes --run "WB_N=1" --run "WB_N=2")
expect_in "$out" "boom at 1" "the first crash shows its error output"
expect_in "$out" "boom at 2" "the second crash shows its error output too"
expect_in "$out" "run 2/2: WB_N=2 crashes" "a run is shown as the command to paste (environment first)"

program slow 'sleep 2.5; echo "queue: push 1, push 2"; echo "close(); then try_push 50: refused"; echo "drained: 2 items"'
out=$(grade solution slow --timeout 20)
expect_in "$out" "correct, but this run took [0-9.]+ s, the solution's" "a correct but far slower run says so"

# The student's shell settings do not reach the graded runs: a stub that only echoes the
# OpenMP setting it sees would match a solution that does the same, and a setting that made
# both refuse alike (one line, exit 2) made an untouched stub pass.
program echoes_schedule 'echo "schedule: ${OMP_SCHEDULE:-default}"; echo "bind: ${OMP_PROC_BIND:-default}"'
program refuses_bad_bind 'if [ -n "${OMP_PROC_BIND:-}" ]; then echo "x: OMP_PROC_BIND bad" >&2; exit 2; fi; echo "wrong answer"'
program right_answer 'if [ -n "${OMP_PROC_BIND:-}" ]; then echo "x: OMP_PROC_BIND bad" >&2; exit 2; fi; echo "right answer"'
out=$(OMP_SCHEDULE=static,1 OMP_PROC_BIND=closer grade echoes_schedule echoes_schedule)
expect_in "$out" "NOTE: graded without your OMP_SCHEDULE=static,1, OMP_PROC_BIND=closer|NOTE: graded without your OMP_PROC_BIND=closer, OMP_SCHEDULE=static,1" \
  "the grader says which of the student's OpenMP settings it leaves out"
out=$(OMP_PROC_BIND=closer grade right_answer refuses_bad_bind)
expect_in "$out" "^FAIL 99_test.ex" "a setting that both programs would refuse does not make a wrong program pass"

# Offload exercises: the probe's answer decides (0: a GPU runs target regions, 77: none).
program no_gpu 'echo "no GPU: omp_get_num_devices() = 0"; exit 77'
program a_gpu 'echo "a GPU runs target regions: device 0 of 1"; exit 0'
program broken_probe 'exit 3'
program offload_solution 'echo "x . y = 42.0"'
program wrong_on_device 'if [ "$OMP_TARGET_OFFLOAD" = MANDATORY ]; then echo "x . y = 0.0"; else echo "x . y = 42.0"; fi'
out=$(grade offload_solution wrong_on_device --gpu-probe "$dir/no_gpu")
expect_in "$out" "The mapping is not checked" "without a GPU the grader says the mapping was not checked"
expect_in "$out" "PASS 99_test.ex: all 1 runs match the solution \\(on the host only: its map clauses, and whether it leaves the host, were not checked\\)" "without a GPU a mistake that shows only on a device passes, and the pass says what was not checked"
out=$(grade offload_solution wrong_on_device --gpu-probe "$dir/no_gpu" --needs-gpu --expect-fail)
status=$?
expect_in "$status: $out" "^77: .*skipped: this known-wrong variant differs from the solution only on a GPU" \
  "without a GPU a variant that needs one is skipped (77) with the reason"
out=$(grade offload_solution wrong_on_device --gpu-probe "$dir/a_gpu" --run "--n 3")
expect_in "$out" "against the solution, 2 runs" "with a GPU every run is made twice"
expect_in "$out" "\\[ok\\] +run 1/2: OMP_TARGET_OFFLOAD=DISABLED .*wrong_on_device --n 3" "the first time on the host"
expect_in "$out" "\\[FAIL\\] run 2/2: OMP_TARGET_OFFLOAD=MANDATORY .*wrong_on_device --n 3" "the second on the device, where the mistake shows"
out=$(grade offload_solution wrong_on_device --gpu-probe "$dir/broken_probe")
status=$?
expect_in "$status: $out" "^2: wb_grade: the GPU probe .* failed: exited with code 3" "a probe that fails stops the grader (2)"

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
