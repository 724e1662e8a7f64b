#!/bin/bash
# gpu_checks.sh: lesson 13's checks on a GPU, from the built programs alone. The tests
# labelled `gpu` run it (ctest -L gpu), one check each; on a GPU node without our CTest tree
# run it whole (the lesson text, "On a GPU node"):
#
# Usage: lessons/13_gpu/gpu_checks.sh BIN_DIR [CHECK...]
#
# BIN_DIR holds the 13_gpu.* programs; CHECKs are any of: devices saxpy_forms pi_device
# heat_transfers too_big solutions cuda_twin grading (all of them without any; cuda_twin
# only where nvcc built it; too_big: arrays larger than the device, refused in one line),
# and `exercises`, only when named: your own exercises graded here, on the host and the GPU. Every program runs with OMP_TARGET_OFFLOAD=MANDATORY and must say that
# its regions ran on a device; the demos' figures and their targets (met or MISSED) are
# printed, never judged here: a target is a report, a wrong answer or a region on the host
# is a failure. `grading` runs the exercises' gradings as CTest would (BIN_DIR/../manifest/
# gpu_grading.tsv, from a build with WORKBOOK_SELFCHECK): solutions and alternatives pass
# on the host and on the device, every mutant is rejected, those marked `needs: gpu` too.
# Exit: 0 every check passed, 1 one failed, 2 bad usage, 77 no GPU runs target regions here
# (a test's "skipped"), with the reason on the line before.
set -u

usage() {
    sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'
}

if [ $# -lt 1 ]; then
    echo "gpu_checks.sh: give the folder of the built programs, such as build/default/bin (see --help)" >&2
    exit 2
fi
if [ "$1" = "--help" ] || [ "$1" = "-h" ]; then
    usage
    exit 0
fi
case $1 in
-*)
    echo "gpu_checks.sh: unknown option '$1' (see --help)" >&2
    exit 2
    ;;
esac
bin=$1
shift
if [ ! -x "$bin/13_gpu.devices" ]; then
    echo "gpu_checks.sh: $bin has no 13_gpu.devices: build lesson 13 first (see --help)" >&2
    exit 2
fi
all_checks="devices saxpy_forms pi_device heat_transfers too_big solutions cuda_twin grading"
checks=${*:-$all_checks}
for check in $checks; do
    case " $all_checks exercises " in
    *" $check "*) ;;
    *)
        echo "gpu_checks.sh: '$check' is not a check: $all_checks exercises (see --help)" >&2
        exit 2
        ;;
    esac
done

# Asked without MANDATORY (which stops a program where there is no device): is there a GPU?
probe=$("$bin/13_gpu.devices" --require-gpu 2>&1)
status=$?
if [ "$status" -ne 0 ]; then
    echo "$probe"
    if [ "$status" -eq 77 ]; then
        echo "SKIPPED: no GPU runs target regions on this machine, so nothing here can be checked on one"
        exit 77
    fi
    echo "FAIL: 13_gpu.devices --require-gpu exited $status"
    exit 1
fi
echo "$probe"

failed=0
verdict() {  # verdict CHECK ok|FAIL|untried WHY
    echo "[$2] $1: $3"
    [ "$2" != FAIL ] || failed=1
}

# Runs a demo on the device with no way back to the host, shows its output, and checks
# that it ended well and said its regions ran on a device.
demo_on_device() {
    local name=$1
    shift
    local output status
    output=$(OMP_TARGET_OFFLOAD=MANDATORY "$bin/13_gpu.$name" "$@" 2>&1)
    status=$?
    echo "$output" | sed 's/^/    /'
    if [ "$status" -ne 0 ]; then
        verdict "$name" FAIL "exited $status"
    elif ! echo "$output" | grep -q "ran on: device"; then
        verdict "$name" FAIL "its regions did not say they ran on a device"
    else
        verdict "$name" ok "ran on the device$(echo "$output" | grep '^target (a GPU)' | sed 's/^[^:]*:[^:]*: */; target: /')"
    fi
}

# An exercise's solution gives the same answer on the host and on the device, and says
# where each ran: the grader's expected output is right on both.
solution_both_ways() {
    local name=$1
    shift
    local on_host on_device
    on_host=$(OMP_TARGET_OFFLOAD=DISABLED "$bin/13_gpu.$name.solution" "$@" 2>&1) || {
        verdict "$name" FAIL "the solution failed on the host"
        return
    }
    on_device=$(OMP_TARGET_OFFLOAD=MANDATORY "$bin/13_gpu.$name.solution" "$@" 2>&1) || {
        verdict "$name" FAIL "the solution failed on the device"
        return
    }
    if ! echo "$on_device" | grep -q "the loop ran on: a device"; then
        verdict "$name" FAIL "under MANDATORY the loop did not say it ran on a device"
    elif [ "$(echo "$on_host" | grep -v 'ran on')" != "$(echo "$on_device" | grep -v 'ran on')" ]; then
        verdict "$name" FAIL "the host's and the device's answers differ"
        diff <(echo "$on_host") <(echo "$on_device") | sed 's/^/    /'
    else
        verdict "$name" ok "the same answer on the host and on the device"
    fi
}

# Arrays a quarter larger than the largest GPU here (nvidia-smi says its memory; OpenMP
# cannot): saxpy_forms must refuse them in one line and exit 2, before it says what the run
# would cost, and never start.
too_big_for_the_device() {
    local mib n output status
    mib=$(nvidia-smi --query-gpu=memory.total --format=csv,noheader,nounits 2>/dev/null | sort -n | tail -n 1)
    if ! [[ $mib =~ ^[0-9]+$ ]]; then
        verdict too_big untried "nvidia-smi does not say how much memory the GPU has"
        return
    fi
    n=$((mib * 1024 * 1024 * 5 / 4 / 12))  # three float arrays: 12 bytes an element
    output=$(OMP_TARGET_OFFLOAD=MANDATORY "$bin/13_gpu.saxpy_forms" --n "$n" 2>&1 >/dev/null)
    status=$?
    echo "$output" | sed 's/^/    /'
    if [ "$status" -ne 2 ]; then
        verdict too_big FAIL "--n $n (for $mib MiB of device memory) exited $status, not 2"
    elif [ "$(echo "$output" | wc -l)" -ne 1 ] || ! echo "$output" | grep -q "cannot allocate"; then
        verdict too_big FAIL "--n $n: not one line saying the device cannot allocate the arrays"
    else
        verdict too_big ok "--n $n, more than $mib MiB, refused in one line"
    fi
}

# The exercises' gradings, each the command CTest runs (manifest/gpu_grading.tsv: the test's
# name, then its arguments, split by the unit separator; @BIN@ and @ROOT@ stand for the
# folder of the programs and the workbook's top folder, which is two above this script).
# WHOSE: "course" (solutions, alternatives, mutants) or "yours" (NAME.exercise: the
# student's own programs, as built when the folder was made).
gradings_on_device() {
    local whose=$1
    local list=$bin/../manifest/gpu_grading.tsv
    local root name kind output status
    root=$(cd "$(dirname "$0")/../.." && pwd)
    if [ ! -s "$list" ]; then
        verdict grading FAIL "no $list: take the build's manifest folder along, from a build with WORKBOOK_SELFCHECK=ON"
        return
    fi
    if [ "$whose" = course ] && ! grep -q '\.mutant\.' "$list"; then
        echo "(no mutants in this build, made with WORKBOOK_SELFCHECK=OFF: the solutions are graded, nothing is rejected)"
    fi
    while IFS=$'\x1f' read -r -a command; do
        name=${command[0]}
        if [[ $name == *.exercise ]]; then kind=yours; else kind=course; fi
        [ "$kind" = "$whose" ] || continue
        command=("${command[@]:1}")
        command=("${command[@]//@BIN@/$bin}")
        command=("${command[@]//@ROOT@/$root}")
        output=$("${command[@]}" 2>&1 </dev/null)
        status=$?
        if [ "$status" -eq 0 ]; then
            verdict "$name" ok "$(echo "$output" | tail -n 1)"
        else
            echo "$output" | sed 's/^/    /'
            verdict "$name" FAIL "its grading exited $status (77: the grader saw no GPU)"
        fi
    done <"$list"
}

for check in $checks; do
    case $check in
    devices) demo_on_device devices ;;
    saxpy_forms) demo_on_device saxpy_forms ;;
    pi_device) demo_on_device pi_device ;;
    heat_transfers) demo_on_device heat_transfers ;;
    too_big) too_big_for_the_device ;;
    cuda_twin)
        if [ ! -x "$bin/13_gpu.cuda_twin" ]; then
            verdict cuda_twin ok "not built here (no nvcc when it was built): nothing to check"
            continue
        fi
        output=$("$bin/13_gpu.cuda_twin" --require-gpu 2>&1)
        status=$?
        echo "$output" | sed 's/^/    /'
        if [ "$status" -eq 0 ]; then
            verdict cuda_twin ok "the CUDA kernels' answers are right"
        else
            verdict cuda_twin FAIL "exited $status"
        fi
        ;;
    solutions)
        if [ ! -x "$bin/13_gpu.target_saxpy.solution" ]; then
            verdict solutions FAIL "$bin has no exercise solutions (13_gpu.target_saxpy.solution)"
            continue
        fi
        solution_both_ways target_saxpy --n 1000003
        solution_both_ways target_reduction --n 10000000
        ;;
    grading) gradings_on_device course ;;
    exercises) gradings_on_device yours ;;
    esac
done
exit "$failed"
