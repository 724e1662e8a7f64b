#!/usr/bin/env bash
# The student loop, end to end, as a student who is not root runs it: in a copy of the
# workbook owned by an ordinary user (created here when the test runs as root), with an
# ordinary user's PATH (no /usr/sbin), it checks that
#   - `check 01` and `demo 01` build, grade and run (nothing of the test suite's own
#     packages, such as the Slurm daemons, is asked for), and configure again when a
#     CMakeLists.txt is newer than the build (a pulled lesson);
#   - a solved exercise with a syntax error is graded "does not compile" and not done,
#     with the compiler's first error, never from the older binary;
#   - `list` tells done / does not compile / changed since last check / not graded (after
#     `reset`), and reset saves the student's version outside exercises/ (without git,
#     where the original stubs are nowhere, it refuses and touches nothing);
#   - `hint` gives the levels in order, one per call; `solution` only after a pass;
#   - `watch` grades at once, regrades after the file changes, moves on when it passes,
#     and ends cleanly on SIGTERM with nothing left running.
# Usage: student_loop_test.sh WORKBOOK_ROOT
set -uo pipefail
source_root=$1
failures=0
ok() { echo "ok:   $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect_in TEXT PATTERN WHAT: the grep -E pattern is in the text.
expect_in() {
  if grep -qE -- "$2" <<<"$1"; then ok "$3"; else fail "$3: no /$2/ in:"; sed 's/^/    /' <<<"$1" | tail -n 30; fi
}
expect_not_in() {  # on failure: the lines that match first (they may be far above the tail)
  if grep -qE -- "$2" <<<"$1"; then
    fail "$3: /$2/ found in:"
    grep -E -- "$2" <<<"$1" | sed 's/^/  > /'
    sed 's/^/    /' <<<"$1" | tail -n 30
  else ok "$3"; fi
}

work=$(mktemp -d /tmp/wb_student.XXXXXX)
student=$(id -un)
as_student=()
if [ "$(id -u)" -eq 0 ]; then
  student=wbstudent
  id "$student" >/dev/null 2>&1 || useradd --no-create-home --home-dir "$work" --shell /bin/bash "$student"
  # setpriv runs the command itself as the student (no process in between, unlike runuser):
  # a signal sent to it reaches the front door directly.
  as_student=(setpriv --reuid="$student" --regid="$(id -g "$student")" --init-groups)
fi
cleanup() {
  pkill -KILL -u "$student" -f "$work" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# The workbook as the student has it: the files (committed or not) and the git history,
# without anybody's build. Configured ahead for lesson 01 only, to keep the test short;
# ./workbook finds the configured build and goes on from there as it would.
copy=$work/workbook
mkdir -p "$copy"
tar -C "$source_root" --exclude=./build --exclude=./.workbook -cf - . | tar -C "$copy" -xf -
# A student has a clone; a tree exported without its history (git archive, as the
# fresh-Debian tool makes) gets one, so that reset finds the original stubs.
if [ ! -e "$copy/.git" ] && command -v git >/dev/null 2>&1; then
  git -C "$copy" init -q && git -C "$copy" add -A &&
    git -C "$copy" -c user.name=workbook -c user.email=workbook@localhost commit -qm "the workbook as a student gets it"
fi
chown -R "$student" "$work"
chmod 755 "$work"
run() {  # run COMMAND...: as the student, in the copy, with an ordinary user's PATH
  "${as_student[@]}" env -i HOME="$work" PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 \
    bash -c 'cd "$0" && "$@"' "$copy" "$@" 2>&1
}
configure=$(run cmake --preset default -DWORKBOOK_ONLY_LESSONS=01_threads -DWORKBOOK_TSAN_TWINS=OFF)
[ -f "$copy/build/default/CMakeCache.txt" ] || { echo "FAIL: configure as $student:"; echo "$configure"; exit 1; }

# check and demo as an ordinary user.
out=$(run ./workbook check 01); status=$?
expect_not_in "$out" "missing packages|sudo apt-get" "check 01 as $student asks for no package"
expect_in "$out" "Lesson 01: 0/2 exercises done" "check 01 as $student grades the untouched stubs (0/2)"
[ "$status" -eq 1 ] && ok "check 01 with unsolved exercises exits 1" || fail "check 01 exit $status, not 1"
expect_in "$out" "Stuck\\? \`./workbook hint 01 greet\` gives hint 1 of" "a failure points to the first hint, not the answer"
out=$(run ./workbook demo 01); status=$?
[ "$status" -eq 0 ] && ok "demo 01 as $student runs (exit 0)" || { fail "demo 01 as $student: exit $status"; tail -n 20 <<<"$out"; }
expect_in "$out" '^\$ build/default/bin/01_threads\.' "demo headings show the command as it runs from the top folder"
# A `git pull` that changes a lesson's CMakeLists.txt (a new demo, a new lesson): the front
# door configures again before it reads the manifests, and only then.
expect_not_in "$out" "configuring it again" "an unchanged workbook is not configured again"
touch "$copy/lessons/01_threads/CMakeLists.txt"
out=$(run ./workbook demo 01); status=$?
expect_in "$out" "CMake files changed since build/default was configured: configuring it again" \
  "a CMakeLists.txt newer than the build's manifests is configured again"
[ "$status" -eq 0 ] && ok "and the demos still run" || fail "demo 01 after the change: exit $status"

# A solved exercise, then the same with a syntax error.
cp "$copy/solutions/01_threads/greet.cpp" "$copy/exercises/01_threads/greet.cpp"
echo "// solved by the student" >>"$copy/exercises/01_threads/greet.cpp"
out=$(run ./workbook check 01 greet)
expect_in "$out" "Lesson 01, greet: done" "the solved exercise passes"
expect_not_in "$out" "parallel_sum" "check 01 greet grades greet only"
out=$(run ./workbook solution 01 greet)
expect_in "$out" "^\+\+\+ reference: solutions/01_threads/greet.cpp" "solution shows the reference beside the student's version once it passes"
sed -i '0,/;$/s/;$//' "$copy/exercises/01_threads/greet.cpp"
out=$(run ./workbook check 01 greet)
expect_in "$out" "does not compile" "a syntax error is graded \"does not compile\""
expect_in "$out" "exercises/01_threads/greet.cpp:[0-9]+:[0-9]+: error:" "with the compiler's first error, file:line"
expect_not_in "$out" "greet: done|PASS" "and never graded from the older binary"
out=$(run ./workbook list)
expect_in "$out" "greet: does not compile" "list says it does not compile"
out=$(run ./workbook solution 01 greet); status=$?
[ "$status" -ne 0 ] && ok "solution refuses while the exercise does not pass" || fail "solution showed the reference of a failing exercise"
echo "// an edit" >>"$copy/exercises/01_threads/greet.cpp"
out=$(run ./workbook list)
expect_in "$out" "greet: changed since last check" "list notices an edit since the last check"
if [ -e "$copy/.git" ]; then
  out=$(run ./workbook reset 01 greet)
  expect_in "$out" "saved as \\.workbook/saved/01_threads/greet\\.cpp\\." "reset saves the student's version outside exercises/"
  if [ -z "$(find "$copy/exercises" -name '*.mine.*' -o -name '*.orig' | head -n 1)" ]; then ok "reset leaves no file in exercises/"; else fail "reset left files in exercises/"; fi
  out=$(run ./workbook list)
  expect_in "$out" "greet: not graded" "list after reset: not graded (not done)"
else
  # No git here (a machine without it, a downloaded archive): the original stubs exist
  # nowhere else, so reset refuses in one line and touches nothing.
  before=$(cksum <"$copy/exercises/01_threads/greet.cpp")
  out=$(run ./workbook reset 01 greet 2>&1); status=$?
  expect_in "$out" "^workbook: reset needs the workbook as a git checkout" "without git, reset refuses in one line"
  [ "$status" -eq 2 ] && ok "and exits 2" || fail "reset without git exited $status, not 2"
  [ "$(cksum <"$copy/exercises/01_threads/greet.cpp")" = "$before" ] && ok "and leaves the student's file as it was" || fail "reset without git changed the student's file"
fi

# Hint levels, in order, one per call.
first=$(run ./workbook hint 01 greet); second=$(run ./workbook hint 01 greet)
expect_in "$first" "^Hint 1 of [0-9]+ for greet" "the first call gives hint 1"
expect_in "$second" "^Hint 2 of [0-9]+ for greet" "the second call gives hint 2"
count=$(sed -nE 's/^Hint 1 of ([0-9]+).*/\1/p' <<<"$first")
for _ in $(seq 3 "${count:-2}"); do last=$(run ./workbook hint 01 greet); done
expect_in "${last:-$second}" "^Hint ${count:-2} of ${count:-2} for greet: the code" "the last level is the code"
again=$(run ./workbook hint 01 greet --level 1)
expect_in "$again" "^Hint 1 of" "--level 1 shows the first again"

# watch: grades the current exercise at once, regrades on save, moves on when it passes.
log=$work/watch.log
touch "$log"; chown "$student" "$log"
"${as_student[@]}" env -i HOME="$work" PATH=/usr/local/bin:/usr/bin:/bin WORKBOOK_WATCH_INTERVAL=0.2 \
  bash -c 'cd "$0" && exec ./workbook watch 01 >"$1" 2>&1' "$copy" "$log" &
watcher=$!
wait_for() {  # wait_for PATTERN SECONDS: the watch log shows PATTERN in time
  local deadline=$((SECONDS + $2))
  while [ $SECONDS -lt $deadline ]; do grep -qE -- "$1" "$log" && return 0; sleep 0.2; done
  return 1
}
if wait_for "watch: edit exercises/01_threads/greet.cpp" 300; then ok "watch grades the first unsolved exercise at once"; else fail "watch never got ready:"; tail -n 20 "$log"; fi
cp "$copy/solutions/01_threads/greet.cpp" "$copy/exercises/01_threads/greet.cpp"
chown "$student" "$copy/exercises/01_threads/greet.cpp"
if wait_for "watch: greet is done" 300; then ok "watch regrades after the file changes"; else fail "watch did not regrade:"; tail -n 20 "$log"; fi
if wait_for "watch: next, lesson 01's parallel_sum" 60; then ok "watch moves on to the next unsolved exercise"; else fail "watch did not move on:"; tail -n 20 "$log"; fi
wait_for "watch: edit exercises/01_threads/parallel_sum.cpp" 300
kill -TERM "$watcher"
wait "$watcher"; status=$?
[ "$status" -eq 0 ] && grep -q "watch: stopped" "$log" && ok "watch ends cleanly on SIGTERM" || fail "watch on SIGTERM: exit $status"
sleep 0.5
if pgrep -u "$student" -f "$copy" >/dev/null; then fail "processes left after watch:"; pgrep -a -u "$student" -f "$copy"; else ok "nothing left running after watch"; fi
expect_in "$(run ./workbook list)" "greet: done" "list shows the exercise watch graded"
# An offload exercise graded without a GPU: the grader's second line, and list says so.
printf 'pass\nmapping not checked\n' >"$copy/build/default/progress/01_threads.greet"
expect_in "$(run ./workbook list)" "greet: done on the host only \(mapping not checked\)" \
  "list says when a pass did not check the mapping (no GPU)"

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
