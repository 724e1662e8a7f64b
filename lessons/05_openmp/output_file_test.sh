#!/bin/sh
# output_file_test.sh OPTION PROGRAM [ARGS...]: a program's output file (`PROGRAM ARGS OPTION
# PATH`) keeps the workbook's promise (workbook::write_file): all or nothing, and nothing that
# was at PATH destroyed. Lessons 05 and 09 register it for every program that writes a file.
#   new file        written, and no temporary file left beside it
#   symbolic link   the target gets the data, the link stays a link
#   folder          refused: exit non-zero, one line on stderr, the folder as it was
#   device          /dev/full (a copy made with mknod, as root): exit non-zero, one line that
#                   says "No space left on device", and the device still a device
#   read-only dir   refused, the file already there untouched, nothing left (as root: run as
#                   nobody with setpriv, since root may write anywhere)
#   full disk       a full 64 KiB tmpfs (as root only): refused with the reason, the file
#                   already there untouched, no half file left
# A case that needs what this machine or user lacks says so and is skipped.
set -u
if [ $# -lt 2 ]; then
    echo "usage: output_file_test.sh OPTION PROGRAM [ARGS...]" >&2
    exit 2
fi
option=$1
shift
work=$(mktemp -d)
chmod 755 "$work"  # nobody runs the read-only case inside it
mounted=
cleanup() {
    if [ -n "$mounted" ]; then umount "$mounted" 2>/dev/null; fi
    chmod -R u+w "$work" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# run [PREFIX...] -- PATH: runs the program with its output at PATH; sets rc, err, lines.
run() {
    prefix=
    while [ "$1" != "--" ]; do prefix="$prefix $1"; shift; done
    shift
    # shellcheck disable=SC2086  # the prefix is a word list on purpose
    $prefix "$@" "$option" "$target" >"$work/stdout" 2>"$work/stderr"
    rc=$?
    err=$(cat "$work/stderr")
    lines=$(wc -l <"$work/stderr")
}

# refused WHAT: the last run failed with one line on stderr (and, with a second argument,
# a line that contains it).
refused() {
    if [ "$rc" -eq 0 ]; then fail "$1: exit code 0, expected a failure"; fi
    if [ "$rc" -gt 128 ]; then fail "$1: died of signal $((rc - 128))"; fi
    if [ "$lines" -ne 1 ]; then fail "$1: $lines lines on stderr, expected one: $err"; fi
    if [ $# -gt 1 ] && ! printf '%s' "$err" | grep -q "$2"; then fail "$1: the message does not say '$2': $err"; fi
    echo "$1: exit $rc: $err"
}

# only FOLDER NAME...: FOLDER holds exactly these names (no temporary file left behind).
only() {
    folder=$1
    shift
    expected=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
    found=$(find "$folder" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort | tr '\n' ' ')
    if [ "$found" != "$expected" ]; then fail "$folder holds '$found', expected '$expected'"; fi
}

# A new file.
mkdir "$work/new"
target=$work/new/out.txt
run -- "$@"
if [ "$rc" -ne 0 ]; then fail "new file: exit code $rc: $err"; fi
if [ ! -s "$target" ]; then fail "new file: nothing written"; fi
only "$work/new" out.txt

# A symbolic link to a file that holds something.
mkdir "$work/link"
echo old >"$work/link/data.txt"
ln -s data.txt "$work/link/out.txt"
target=$work/link/out.txt
run -- "$@"
if [ "$rc" -ne 0 ]; then fail "symbolic link: exit code $rc: $err"; fi
if [ ! -L "$target" ]; then fail "symbolic link: the link was replaced by a file"; fi
if [ "$(cat "$work/link/data.txt")" = old ]; then fail "symbolic link: its target was not written"; fi
only "$work/link" data.txt out.txt

# A folder.
mkdir -p "$work/folder/out.txt"
target=$work/folder/out.txt
run -- "$@"
refused "folder"
if [ ! -d "$target" ] || [ -n "$(ls -A "$target")" ]; then fail "folder: the folder was changed"; fi
only "$work/folder" out.txt

# A device that is always full: a scratch copy of /dev/full where one can be made, so that a
# program that replaces devices breaks nothing of the machine's.
mkdir "$work/device"
target=$work/device/full
if ! mknod "$target" c 1 7 2>/dev/null; then
    if [ "$(id -u)" -eq 0 ]; then
        target=
        echo "device: skipped: mknod is not allowed here, and /dev/full must not be risked as root"
    else
        target=/dev/full  # a user cannot replace it
    fi
fi
if [ -n "$target" ]; then
    run -- "$@"
    refused "device" "No space left on device"
    if [ ! -c "$target" ]; then fail "device: $target is no longer a character device"; fi
fi

# A read-only folder that already holds the file.
mkdir "$work/readonly"
echo old >"$work/readonly/out.txt"
chmod 666 "$work/readonly/out.txt"
chmod 555 "$work/readonly"
target=$work/readonly/out.txt
as=
if [ "$(id -u)" -eq 0 ]; then
    as="setpriv --reuid=65534 --regid=65534 --clear-groups"
    if ! $as "$1" --help >/dev/null 2>&1; then
        as=skip
        echo "read-only folder: skipped: root writes anywhere, and user nobody cannot run $1"
    fi
fi
if [ "$as" != skip ]; then
    # shellcheck disable=SC2086
    run $as -- "$@"
    refused "read-only folder"
    if [ "$(cat "$target")" != old ]; then fail "read-only folder: the file already there was changed"; fi
    only "$work/readonly" out.txt
fi

# A full disk, with the file already there: no half file, the old one untouched.
if [ "$(id -u)" -ne 0 ]; then
    echo "full disk: skipped: mounting a small tmpfs needs root"
else
    mkdir "$work/full"
    if mount -t tmpfs -o size=64k,mode=755 tmpfs "$work/full" 2>/dev/null; then
        mounted=$work/full
        echo old >"$work/full/out.txt"
        dd if=/dev/zero of="$work/full/filler" bs=4096 2>/dev/null
        target=$work/full/out.txt
        run -- "$@"
        refused "full disk" "No space left on device"
        if [ "$(cat "$target")" != old ]; then fail "full disk: the file already there was changed"; fi
        only "$work/full" filler out.txt
        umount "$work/full" && mounted=
    else
        echo "full disk: skipped: mounting a tmpfs is not allowed here"
    fi
fi

if [ "$failures" -gt 0 ]; then
    echo "$failures failure(s) for: $* $option PATH"
    exit 1
fi
echo "the output file of $1 is written all or nothing, and nothing at its path is destroyed"
