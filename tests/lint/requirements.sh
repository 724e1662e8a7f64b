#!/usr/bin/env bash
# The package list lint (usage: requirements.sh ROOT): the packages the README's
# "Requirements" section names are exactly those of the `requirements` table at the top of
# ROOT/workbook, the one list ./workbook setup installs from. (The README shows the list to
# a reader who has not run anything yet; this keeps the copy true.)
set -uo pipefail
if [ $# -ne 1 ]; then echo "usage: requirements.sh ROOT" >&2; exit 2; fi
root=$1
# The table: one quoted row per package, "PACKAGE PROBE NEEDED_BY", between
# `requirements=(` and `)`.
table=$(sed -n '/^requirements=(/,/^)/p' "$root/workbook" | sed -n 's/^ *"\([^ "]*\) .*/\1/p' | sort)
# The README's block: the indented lines after "## Requirements", up to the next
# paragraph; a package is a word after "for ...:" (parenthesised lesson numbers dropped).
readme=$(sed -n '/^## Requirements/,/^(/p' "$root/README.md" | sed -n 's/^    //p' |
  sed 's/^for [^:]*: *//; s/([^)]*)//g; s/,/ /g' | tr -s ' ' '\n' | sed '/^$/d' | sort)
if [ -z "$table" ] || [ -z "$readme" ]; then
  echo "FAIL: could not find the requirements table in workbook or the list in README.md"
  exit 1
fi
only_table=$(comm -23 <(echo "$table") <(echo "$readme") | paste -sd' ' -)
only_readme=$(comm -13 <(echo "$table") <(echo "$readme") | paste -sd' ' -)
if [ -n "$only_table$only_readme" ]; then
  [ -n "$only_table" ] && echo "FAIL: in ./workbook's requirements but not in README.md's list: $only_table"
  [ -n "$only_readme" ] && echo "FAIL: in README.md's list but not in ./workbook's requirements: $only_readme"
  exit 1
fi
echo "OK: README.md lists the $(echo "$table" | wc -l) packages of ./workbook's requirements table"
