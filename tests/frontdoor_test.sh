#!/usr/bin/env bash
# The front door's own contract: wrong commands and lesson numbers say what is wrong and
# exit 2; `setup` as a non-root user with something missing prints the sudo line and exits 2,
# and with nothing missing needs no root at all.
set -uo pipefail
root=$1
failures=0

# expect CODE PATTERN DESCRIPTION -- COMMAND...: the command exits CODE and its stderr
# matches PATTERN.
expect() {
  local code=$1 pattern=$2 what=$3
  shift 4
  local err status
  err=$("$@" 2>&1 >/dev/null)
  status=$?
  if [ "$status" -ne "$code" ] || ! grep -qE -- "$pattern" <<<"$err"; then
    echo "FAIL: $what: exit $status (expected $code), stderr:"
    echo "$err" | sed 's/^/    /'
    failures=$((failures + 1))
  else
    echo "ok:   $what -> exit $status: $(head -n 1 <<<"$err")"
  fi
}

expect 2 "unknown command 'frobnicate'" "an unknown command" -- "$root/workbook" frobnicate
expect 2 "there is no lesson 99" "a lesson that does not exist" -- "$root/workbook" check 99
expect 2 "not a lesson number" "a lesson number that is not one" -- "$root/workbook" check abc
expect 2 "needs a lesson number" "check without a lesson" -- "$root/workbook" check
expect 2 "no exercise 'nope'" "a hint for an exercise that does not exist" -- "$root/workbook" hint 01 nope

# As a non-root user. When this test runs as root (CI), it becomes `nobody` for these, with
# a copy of the script where `nobody` can read it (the clone may be in root's home).
as_user=()
copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
cp "$root/workbook" "$copy/workbook"
chmod 755 "$copy" "$copy/workbook"
if [ "$(id -u)" -eq 0 ]; then
  as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups --reset-env)
fi
# A compiler that does not exist makes every requirement look missing.
expect 2 "sudo apt-get install -y g\+\+ .*libfmt-dev" "setup as non-root with packages missing" -- \
  "${as_user[@]}" env PATH="$PATH" CXX=/nonexistent/c++ "$copy/workbook" setup
# With everything present nothing is installed and no root is needed (a cluster login node).
if "$root/workbook" setup >/dev/null 2>&1; then
  expect 0 "" "setup as non-root with nothing missing" -- "${as_user[@]}" env PATH="$PATH" "$copy/workbook" setup
fi

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
