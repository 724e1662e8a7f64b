#!/bin/bash
# gpu_checks_test.sh: gpu_checks.sh judged on stand-in programs whose verdicts are known,
# so its logic is tested on machines without a GPU too: a GPU that runs everything right
# (exit 0), no GPU (77), a region that fell back to the host, a solution whose answer
# differs between host and device, a refusal of too large arrays in two lines, a grading
# that fails, and a build without the gradings' list (each exit 1).
#   gpu_checks_test.sh PATH/TO/gpu_checks.sh
set -u
script=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A stand-in build: DIR/bin has programs that print what real ones print on a GPU node
# (WHERE: where their regions say they ran; ANSWER: the solution's answer on the device);
# DIR/manifest/gpu_grading.tsv lists two gradings, run by a stand-in grader that exits
# GRADING (0 or 1) once it has checked that it got its arguments as CTest would give them.
make_bin() {  # make_bin DIR GPU(yes|no) WHERE ANSWER GRADING
    local build=$1
    set -- "$build/bin" "${@:2}"
    mkdir -p "$1" "$build/manifest"
    cat >"$1/wb_grade" <<STANDIN
#!/bin/bash
# @BIN@ and @ROOT@ replaced, the empty argument kept, nothing read from standard input.
[ -x "\$2" ] && [ -f "\$4" ] && [ "\$5" = "--run" ] && [ -z "\$6" ] || { echo "arguments: \$*"; exit 3; }
read -r -t 1 stolen && { echo "read '\$stolen' from its input"; exit 3; }
echo "PASS (stand-in grader)"
exit $5
STANDIN
    local sep=$'\x1f'
    {
        printf '%s\n' "13_gpu.a.solution${sep}@BIN@/wb_grade${sep}--actual${sep}@BIN@/13_gpu.devices${sep}--source${sep}@ROOT@/lessons/13_gpu/gpu_checks.sh${sep}--run${sep}"
        printf '%s\n' "13_gpu.a.mutant.m${sep}@BIN@/wb_grade${sep}--actual${sep}@BIN@/13_gpu.devices${sep}--source${sep}@ROOT@/lessons/13_gpu/gpu_checks.sh${sep}--run${sep}"
        printf '%s\n' "13_gpu.a.exercise${sep}@BIN@/wb_grade${sep}--actual${sep}@BIN@/13_gpu.devices${sep}--source${sep}@ROOT@/lessons/13_gpu/gpu_checks.sh${sep}--run${sep}"
    } >"$build/manifest/gpu_grading.tsv"
    cat >"$1/13_gpu.devices" <<STANDIN
#!/bin/sh
if [ "\${1:-}" = "--require-gpu" ]; then
    [ "$2" = yes ] && { echo "a GPU runs target regions: device 0 of 1"; exit 0; }
    echo "no GPU: omp_get_num_devices() = 0, so target regions run on the host"; exit 77
fi
echo "a 'target teams' region with 'parallel' inside ran on: $3"
STANDIN
    for demo in saxpy_forms pi_device heat_transfers; do
        printf '#!/bin/sh\necho "target regions on device 0 ran on: %s"\necho "target (a GPU): 50x or more: met (80.0x)"\n' \
            "$3" >"$1/13_gpu.$demo"
    done
    # Asked for more than the device holds (too_big): one line, exit 2.
    sed -i '1a [ "$1" = --n ] && [ "$2" -gt 1000000 ] && { echo "saxpy_forms: three arrays need 100 GiB on device 0, which cannot allocate that much" >&2; exit 2; }' \
        "$1/13_gpu.saxpy_forms"
    for exercise in target_saxpy target_reduction; do
        cat >"$1/13_gpu.$exercise.solution" <<STANDIN
#!/bin/sh
if [ "\$OMP_TARGET_OFFLOAD" = MANDATORY ]; then echo "the loop ran on: a device"; echo "x . y = $4"
else echo "the loop ran on: the host"; echo "x . y = 42.0"; fi
STANDIN
    done
    chmod +x "$1"/*
}

# nvidia-smi as on an 80 GB card (too_big reads the device's memory from it).
mkdir -p "$work/driver"
printf '#!/bin/sh\necho 81559\n' >"$work/driver/nvidia-smi"
chmod +x "$work/driver/nvidia-smi"
export PATH=$work/driver:$PATH

failures=0
expect() {  # expect CODE DESCRIPTION BUILD
    "$script" "$3/bin" >"$work/out" 2>&1
    local status=$?
    if [ "$status" -eq "$1" ]; then
        echo "ok: $2 (exit $status)"
    else
        echo "WRONG: $2: exit $status, expected $1; its output:"
        sed 's/^/    /' "$work/out"
        failures=1
    fi
}

make_bin "$work/right" yes "device 0 of 1" 42.0 0
expect 0 "every check passes where every region ran on the device and the answers agree" "$work/right"
grep -q "^\[ok\] pi_device: ran on the device; target: met (80.0x)" "$work/out" || {
    echo "WRONG: the target's verdict is not in the report"
    failures=1
}
grep -q "^\[ok\] too_big: --n 8908417706, more than 81559 MiB, refused in one line" "$work/out" || {
    echo "WRONG: too_big did not ask for a quarter more than the device's memory, or its verdict is missing"
    failures=1
}
grep -q "^\[ok\] 13_gpu.a.mutant.m: PASS (stand-in grader)" "$work/out" || {
    echo "WRONG: the gradings' verdicts are not in the report"
    failures=1
}
if grep -q "13_gpu.a.exercise" "$work/out"; then
    echo "WRONG: the student's own exercise was graded without being asked for (check: exercises)"
    failures=1
fi
if ! "$script" "$work/right/bin" exercises >"$work/out" 2>&1 || ! grep -q "^\[ok\] 13_gpu.a.exercise: PASS" "$work/out" || grep -q "13_gpu.a.solution" "$work/out"; then
    echo "WRONG: the exercises check must grade the student's exercise, and only that:"
    sed 's/^/    /' "$work/out"
    failures=1
else
    echo "ok: the exercises check grades the student's own exercise, and only that"
fi
make_bin "$work/none" no "the host (no device: omp_get_num_devices() = 0)" 42.0 0
expect 77 "no GPU: every check is skipped" "$work/none"
make_bin "$work/fell_back" yes "the host (OMP_TARGET_OFFLOAD=MANDATORY)" 42.0 0
expect 1 "a region that says it ran on the host fails" "$work/fell_back"
make_bin "$work/differs" yes "device 0 of 1" 0.0 0
expect 1 "a solution whose device answer differs from the host's fails" "$work/differs"
make_bin "$work/says_cost_first" yes "device 0 of 1" 42.0 0
sed -i '1a [ "$1" = --n ] && echo "saxpy_forms: three arrays need about 100 GiB (Ctrl-C stops it)" >&2' \
    "$work/says_cost_first/bin/13_gpu.saxpy_forms"
expect 1 "arrays too large for the device refused in more than one line fail" "$work/says_cost_first"
make_bin "$work/grading_fails" yes "device 0 of 1" 42.0 1
expect 1 "a grading that fails (a mutant the device did not reject) fails" "$work/grading_fails"
make_bin "$work/no_list" yes "device 0 of 1" 42.0 0
rm "$work/no_list/manifest/gpu_grading.tsv"
expect 1 "a build without the gradings' list fails the grading check (never skips it)" "$work/no_list"
"$script" >/dev/null 2>"$work/err"
if [ $? -ne 2 ] || [ "$(wc -l <"$work/err")" -ne 1 ]; then
    echo "WRONG: without a folder the script must say so in one line and exit 2"
    failures=1
fi
exit "$failures"
