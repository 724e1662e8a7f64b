#!/bin/sh
# cost_announcement_test.sh COMMAND [ARGS...]: a run that will take long (or a lot of memory)
# says so before it starts (workbook::announce_cost): its first line on stderr says what it
# "needs", once for the whole job (an MPI job too, not once per rank). The test stops the run
# with SIGTERM as soon as the line is there, so it never waits for the long run itself; a
# run that says nothing within 30 s fails. (On a machine without the memory, the line is the
# refusal instead, "needs about ... and this machine has ...": that passes too.)
set -u
if [ $# -lt 1 ]; then
    echo "usage: cost_announcement_test.sh COMMAND [ARGS...]" >&2
    exit 2
fi
err=$(mktemp)
trap 'rm -f "$err"' EXIT
"$@" >/dev/null 2>"$err" &
pid=$!
waited=0
while [ "$waited" -lt 300 ] && ! grep -q "needs about" "$err" && kill -0 "$pid" 2>/dev/null; do
    sleep 0.1
    waited=$((waited + 1))
done
# Seen while the run was going, not only in what it left behind when stopped: a word of
# the cost that arrives after the wait (held in a buffer somewhere) tells the student nothing.
said_in_time=no
grep -q "needs about" "$err" && said_in_time=yes
kill -TERM "$pid" 2>/dev/null
wait "$pid"
# Whatever the stop itself printed comes after the announcement: only the first line counts.
first=$(head -n 1 "$err")
count=$(grep -c "needs about" "$err")
if ! printf '%s' "$first" | grep -q "needs about"; then
    echo "FAIL: no word of the cost before the run: $*"
    cat "$err"
    exit 1
fi
if [ "$said_in_time" = no ]; then
    echo "FAIL: the cost was said only when the run was stopped, not while it ran (within 30 s): $*"
    cat "$err"
    exit 1
fi
if [ "$count" -ne 1 ]; then
    echo "FAIL: the cost was said $count times, expected once: $*"
    cat "$err"
    exit 1
fi
echo "$first"
