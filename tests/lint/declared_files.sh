#!/usr/bin/env bash
# The declared-files lint (usage: declared_files.sh ROOT MANIFEST_DIR): every file in
# exercises/, solutions/, tests/mutants/ and tests/alternatives/ belongs to an exercise that
# a lesson's CMakeLists declares (workbook_add_exercise, listed in MANIFEST_DIR/exercises.tsv):
# a stub, solution, mutant or alternative whose exercise was renamed or never declared is
# never built nor graded, and nothing else would notice. A lesson that this build skipped
# (a missing part, WORKBOOK_ONLY_LESSONS) declares nothing here: its files are not checked.
set -uo pipefail
if [ $# -ne 2 ]; then echo "usage: declared_files.sh ROOT MANIFEST_DIR" >&2; exit 2; fi
root=$1 manifest=$2/exercises.tsv
[ -f "$manifest" ] || { echo "declared_files.sh: no $manifest (configure the build first)" >&2; exit 2; }

declare -A declared     # "LESSON/NAME" of every declared exercise
declare -A lessons      # LESSON folders with at least one declared exercise
while IFS=$'\t' read -r _ lesson name _; do
  declared["$lesson/$name"]=1
  lessons["$lesson"]=1
done <"$manifest"

problems=0 checked=0
undeclared() { echo "FAIL: $1: $2"; problems=$((problems + 1)); }
for area in exercises solutions tests/mutants tests/alternatives; do
  for dir in "$root/$area"/*/; do
    [ -d "$dir" ] || continue
    lesson=$(basename "$dir")
    if [ -z "${lessons[$lesson]:-}" ]; then
      echo "note: $area/$lesson: no exercise of lesson $lesson is declared in this build (skipped here?): not checked"
      continue
    fi
    for file in "$dir"*; do
      checked=$((checked + 1))
      base=$(basename "$file")
      relative=$area/$lesson/$base
      case $area in
        exercises) [ "$base" = hints.md ] && continue; name=${base%.cpp}; [ "$name.cpp" = "$base" ] || { undeclared "$relative" "not a stub (NAME.cpp) nor hints.md"; continue; } ;;
        solutions) name=${base%.cpp}; [ "$name.cpp" = "$base" ] || { undeclared "$relative" "not a solution (NAME.cpp)"; continue; } ;;
        tests/mutants) name=${base%%.*}; [[ $base =~ ^[a-z0-9_]+\.[a-z0-9_]+\.mutant$ ]] || { undeclared "$relative" "not a mutant (NAME.VARIANT.mutant)"; continue; } ;;
        tests/alternatives) name=${base%%.*}; [[ $base =~ ^[a-z0-9_]+\.[a-z0-9_]+\.(cpp|alternative)$ ]] || { undeclared "$relative" "not an alternative (NAME.VARIANT.cpp or .alternative)"; continue; } ;;
      esac
      [ -n "${declared[$lesson/$name]:-}" ] || undeclared "$relative" "no exercise '$name' is declared in lessons/$lesson/CMakeLists.txt"
    done
  done
done
if [ $problems -eq 0 ]; then
  echo "OK: all $checked files of the exercises, solutions, mutants and alternatives belong to declared exercises"
fi
[ $problems -eq 0 ]
