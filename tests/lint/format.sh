#!/usr/bin/env bash
# The C++ layout lint (usage: format.sh ROOT): every C++ file of the workbook is laid out
# as ROOT/.clang-format says. Run with clang-format 14, Debian 12's: later versions place a
# few lambdas and braced initialisers differently, so with another version the check is
# skipped (exit 77) and says so, as it is without clang-format (./workbook setup installs
# it for the test suite). A student's exercises are their own: a file in exercises/ that git
# says has been edited since it was committed is left out, and without git (a downloaded
# archive) exercises/ is left out altogether.
set -uo pipefail
if [ $# -ne 1 ]; then echo "usage: format.sh ROOT" >&2; exit 2; fi
root=$1
if ! command -v clang-format >/dev/null 2>&1; then
  echo "skipped: clang-format is not installed (apt-get install clang-format)"
  exit 77
fi
version=$(clang-format --version)
if ! [[ $version =~ version\ 14\. ]]; then
  echo "skipped: the layout is checked with clang-format 14 (Debian 12's); this is: $version"
  exit 77
fi
have_git=false
git -C "$root" rev-parse --git-dir >/dev/null 2>&1 && have_git=true
files=() left_out=0
while IFS= read -r -d '' file; do
  if [[ $file == "$root/exercises/"* ]]; then
    if ! $have_git || ! git -C "$root" diff --quiet HEAD -- "$file" 2>/dev/null; then
      left_out=$((left_out + 1))
      continue
    fi
  fi
  files+=("$file")
done < <(find "$root" \( -path "$root/build" -o -path "$root/.git" -o -path "$root/.workbook" \) -prune \
              -o -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.cu' \) -print0)
echo "clang-format 14 over ${#files[@]} C++ files; left out: ${left_out} exercise files (edited by the student, or no git to tell)"
if clang-format --style=file --dry-run --Werror "${files[@]}"; then
  echo "OK: every C++ file is laid out as .clang-format says (fix one: clang-format -i FILE)"
else
  echo "FAIL: the files above are not laid out as .clang-format says (clang-format -i FILE lays one out)"
  exit 1
fi
