#!/bin/bash
# gpu_checks_test.sh: gpu_checks.sh judged on stand-in programs whose verdicts are known,
# so its logic is tested on machines without a GPU too: a GPU that runs everything right
# (exit 0), no GPU (77), a region that fell back to the host, and a solution whose answer
# differs between host and device (both exit 1).
#   gpu_checks_test.sh PATH/TO/gpu_checks.sh
set -u
script=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A stand-in program: prints what a real one prints on a GPU node. $where: where its
# regions say they ran; $answer: the solution's answer on the device.
make_bin() {  # make_bin DIR GPU(yes|no) WHERE ANSWER
    mkdir -p "$1"
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
    for exercise in target_saxpy target_reduction; do
        cat >"$1/13_gpu.$exercise.solution" <<STANDIN
#!/bin/sh
if [ "\$OMP_TARGET_OFFLOAD" = MANDATORY ]; then echo "the loop ran on: a device"; echo "x . y = $4"
else echo "the loop ran on: the host"; echo "x . y = 42.0"; fi
STANDIN
    done
    chmod +x "$1"/13_gpu.*
}

failures=0
expect() {  # expect CODE DESCRIPTION DIR
    "$script" "$3" >"$work/out" 2>&1
    local status=$?
    if [ "$status" -eq "$1" ]; then
        echo "ok: $2 (exit $status)"
    else
        echo "WRONG: $2: exit $status, expected $1; its output:"
        sed 's/^/    /' "$work/out"
        failures=1
    fi
}

make_bin "$work/right" yes "device 0 of 1" 42.0
expect 0 "every check passes where every region ran on the device and the answers agree" "$work/right"
grep -q "^\[ok\] pi_device: ran on the device; target: met (80.0x)" "$work/out" || {
    echo "WRONG: the target's verdict is not in the report"
    failures=1
}
make_bin "$work/none" no "the host (no device: omp_get_num_devices() = 0)" 42.0
expect 77 "no GPU: every check is skipped" "$work/none"
make_bin "$work/fell_back" yes "the host (OMP_TARGET_OFFLOAD=MANDATORY)" 42.0
expect 1 "a region that says it ran on the host fails" "$work/fell_back"
make_bin "$work/differs" yes "device 0 of 1" 0.0
expect 1 "a solution whose device answer differs from the host's fails" "$work/differs"
"$script" >/dev/null 2>"$work/err"
if [ $? -ne 2 ] || [ "$(wc -l <"$work/err")" -ne 1 ]; then
    echo "WRONG: without a folder the script must say so in one line and exit 2"
    failures=1
fi
exit "$failures"
