#!/usr/bin/env bash
# The shell-script lint (usage: shellcheck.sh ROOT BIN_DIR): every shell script of the
# workbook passes shellcheck, with the project's settings (the checks ROOT/.shellcheckrc
# disables, for a build folder anywhere): the files under ROOT whose first line starts a
# shell (the front door, the tests, the job scripts, the tools, .ci/run), and the scripts
# CMake generated into BIN_DIR (wb_mpiexec, wb_python). Skipped (exit 77) without the
# program: Debian package shellcheck, which ./workbook setup installs for the test suite.
set -uo pipefail
if [ $# -ne 2 ]; then echo "usage: shellcheck.sh ROOT BIN_DIR" >&2; exit 2; fi
root=$1 bin=$2
if ! command -v shellcheck >/dev/null 2>&1; then
  echo "skipped: shellcheck is not installed (apt-get install shellcheck)"
  exit 77
fi
scripts=()
while IFS= read -r -d '' file; do
  if head -n 1 "$file" | grep -qE '^#!(/usr/bin/env |/bin/)(ba)?sh'; then scripts+=("$file"); fi
done < <(find "$root" \( -path "$root/build" -o -path "$root/.git" -o -path "$root/.workbook" \) -prune -o -type f -print0)
for generated in wb_mpiexec wb_python; do
  [ -f "$bin/$generated" ] && scripts+=("$bin/$generated")
done
echo "shellcheck $(shellcheck --version | sed -n 's/^version: //p') over ${#scripts[@]} scripts"
excluded=$(sed -n 's/^disable=//p' "$root/.shellcheckrc" | paste -sd, -)
if shellcheck --norc ${excluded:+--exclude="$excluded"} --format=gcc "${scripts[@]}"; then
  echo "OK: every shell script passes shellcheck"
else
  echo "FAIL: shellcheck found the problems above (settings: .shellcheckrc)"
  exit 1
fi
