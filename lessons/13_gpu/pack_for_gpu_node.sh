#!/bin/bash
# pack_for_gpu_node.sh: lesson 13 packed for a GPU node that has the NVIDIA driver but not
# the workbook's Debian packages (another Linux, no g++ with the offload compiler).
#
# Usage: lessons/13_gpu/pack_for_gpu_node.sh [--arch ARCH] OUT
#
# Run on Debian, in the workbook, after `./workbook setup`. It builds lessons 05 and 13 in
# build/gpu for a generic CPU (ARCH: x86-64-v3, the default, or x86-64-v4 for a node with
# AVX-512: `grep -c avx512f /proc/cpuinfo` there), with the exercises' gradings, and makes
# the folder OUT (which must not exist yet):
#   OUT/run                one command on the node: what it runs on, then every check
#   OUT/build/gpu/bin      the programs and the grader; manifest/ the gradings to run
#   OUT/lib                the libraries they load (all but glibc's), libgomp's GPU plugin;
#                          lib/fallback the C++ runtime, for a node whose own is older
#   OUT/lessons, exercises, solutions, tests: what the checks and the grader read
# Copy OUT to the node (glibc 2.34 or newer; 2.36 where its C++ runtime is older than
# GCC 12's) and run OUT/run there.
# Exit: 0 made, 1 the build failed (its log is named), 2 bad usage.
set -uo pipefail

usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; }
die() {  # die STATUS MESSAGE: one line on stderr
    echo "pack_for_gpu_node.sh: $2" >&2
    exit "$1"
}

arch=x86-64-v3
out=""
while [ $# -gt 0 ]; do
    case $1 in
    -h | --help) usage; exit 0 ;;
    --arch)
        [ $# -ge 2 ] || die 2 "--arch needs a value: x86-64-v3 or x86-64-v4 (see --help)"
        arch=$2
        shift 2
        ;;
    -*) die 2 "unknown option '$1' (see --help)" ;;
    *)
        [ -z "$out" ] || die 2 "one folder only: '$out' and '$1' (see --help)"
        out=$1
        shift
        ;;
    esac
done
case $arch in
x86-64 | x86-64-v2 | x86-64-v3 | x86-64-v4) ;;
*) die 2 "--arch '$arch' is not x86-64, x86-64-v2, x86-64-v3 or x86-64-v4 (see --help)" ;;
esac
[ -n "$out" ] || die 2 "give the folder to make, such as gpu-run (see --help)"
[ ! -e "$out" ] || die 2 "$out exists already: give a new folder (nothing was changed)"
[ -d "$(dirname "$out")" ] || die 2 "$(dirname "$out") is not a folder"

root=$(cd "$(dirname "$0")/../.." && pwd)
build=$root/build/gpu
log=$build.log
mkdir -p "$root/build"

# Lesson 05 as well: pi_device's host side is lesson 05's pi. The gradings need the
# self-check's mutants and alternatives; lesson 13 has no ThreadSanitizer twins.
echo "configuring $build for $arch (log: $log)"
if ! cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DWORKBOOK_NATIVE=OFF \
    "-DCMAKE_CXX_FLAGS=-march=$arch" "-DWORKBOOK_ONLY_LESSONS=05_openmp;13_gpu" \
    -DWORKBOOK_SELFCHECK=ON -DWORKBOOK_TSAN_TWINS=OFF >"$log" 2>&1; then
    die 1 "configuring failed: see $log"
fi
# A build without the offload compiler runs every region on the host: nothing to take.
grep -q '^WORKBOOK_OFFLOAD_NVPTX:INTERNAL=1$' "$build/CMakeCache.txt" ||
    die 2 "g++ here cannot build target regions for a GPU: ./workbook setup installs the offload compiler"

# The programs the gradings name (solutions, mutants, alternatives, the grader), and the
# lesson's demos and exercises.
programs=$(grep -o '@BIN@/[^[:cntrl:]]*' "$build/manifest/gpu_grading.tsv" | sed 's|^@BIN@/||' | sort -u)
[ -n "$programs" ] || die 1 "$build/manifest/gpu_grading.tsv names no programs: see $log"
echo "building lesson 13 and its gradings"
# shellcheck disable=SC2086 # one target a word
if ! cmake --build "$build" --target lesson13.demos lesson13.exercises $programs >>"$log" 2>&1; then
    die 1 "the build failed: see $log"
fi

# Made beside OUT and renamed at the end: a failure leaves no half-made OUT.
partial=$(mktemp -d "$out.partial.XXXXXX") || die 2 "cannot make a folder beside $out"
trap 'rm -rf "$partial"' EXIT
mkdir -p "$partial/build/gpu/bin" "$partial/build/gpu/manifest" "$partial/lib" "$partial/lessons/13_gpu" \
    "$partial/tests"
# -p keeps the times: the grader calls a program older than its source "not built".
cp -p "$build"/bin/13_gpu.* "$build/bin/wb_grade" "$partial/build/gpu/bin/"
cp -p "$build/manifest/gpu_grading.tsv" "$partial/build/gpu/manifest/"
cp -p "$root/lessons/13_gpu/gpu_checks.sh" "$partial/lessons/13_gpu/"
for part in exercises solutions tests/mutants tests/alternatives; do
    mkdir -p "$partial/$part"
    cp -rp "$root/$part/13_gpu" "$partial/$part/"
done

# The shared libraries the programs load, but glibc's own (the node's serves), and the
# plugin libgomp loads to reach an NVIDIA GPU (the one of the libgomp that built the code).
# The C++ runtime goes to lib/fallback, used only where the node's is too old for the
# programs: Debian's needs glibc 2.36, the programs and the rest 2.34 (RHEL 9 has 2.34).
libraries=$(ldd "$partial"/build/gpu/bin/* | awk '/=> \// {print $3}' | sort -u |
    grep -vE '/(libc|libm|libpthread|libdl|librt|libresolv|libutil|ld-linux[^/]*)\.so')
libgomp=$(grep '/libgomp\.so' <<<"$libraries")
plugin=$(dirname "$libgomp")/libgomp-plugin-nvptx.so.1
[ -f "$plugin" ] || die 2 "$plugin is missing: ./workbook setup installs it with the offload compiler"
mkdir -p "$partial/lib/fallback"
for library in $libraries "$plugin"; do
    case $library in
    */libstdc++.so.* | */libgcc_s.so.*) cp -L "$library" "$partial/lib/fallback/" ;;
    *) cp -L "$library" "$partial/lib/" ;;
    esac
done

cat >"$partial/run" <<'RUN'
#!/bin/bash
# run: lesson 13's checks on this GPU node, from the programs packed beside this script
# (made by lessons/13_gpu/pack_for_gpu_node.sh). Arguments go to gpu_checks.sh: none runs
# every check; --help lists them.
here=$(cd "$(dirname "$0")" && pwd)
case ${1:-} in
-h | --help)
    echo "Usage: $0 [CHECK...]: gpu_checks.sh on the programs packed here (none: every check;"
    echo "'exercises': your own exercises, as packed). gpu_checks.sh says:"
    echo
    "$here/lessons/13_gpu/gpu_checks.sh" --help | sed 1,7d
    exit 0
    ;;
esac
if [ $# -eq 0 ]; then  # what the figures ran on
    if command -v nvidia-smi >/dev/null; then
        nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1
    else
        echo "(no nvidia-smi here)"
    fi
    lscpu | grep -E '^(Model name|CPU\(s\)|Thread\(s\) per core|Socket\(s\)):'
fi
# libgomp's plugin opens the driver's libcuda.so.1; some nodes keep it off the usual path.
extra=""
[ -d /usr/local/nvidia/lib64 ] && extra=:/usr/local/nvidia/lib64
export LD_LIBRARY_PATH=$here/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}$extra
# The node's C++ runtime where it serves (it is newer), else the one packed beside.
if ! "$here/build/gpu/bin/13_gpu.devices" --help >/dev/null 2>&1; then
    LD_LIBRARY_PATH=$LD_LIBRARY_PATH:$here/lib/fallback
fi
exec "$here/lessons/13_gpu/gpu_checks.sh" "$here/build/gpu/bin" "$@"
RUN
chmod 755 "$partial/run"
chmod 755 "$partial"  # mktemp made it private; OUT is for whoever runs the checks
mv "$partial" "$out" || die 2 "cannot rename $partial to $out"
trap - EXIT
echo "made $out ($(du -sh "$out" | cut -f1)): copy it to the GPU node and run $out/run there"
