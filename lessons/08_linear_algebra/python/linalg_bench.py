#!/usr/bin/env python3
"""Python peer of linalg_bench.cpp: what the course's scnp.py calls, at benchmark sizes.
numpy's a @ b at n = 2000, scipy.linalg.inv at n = 1000 (the seed's inverse) and
scipy.linalg.solve at n = 1000 (LU with partial pivoting), on 1 thread and on every core.

numpy and scipy hand the work to the BLAS and LAPACK libraries they are linked with
(on Debian: the reference BLAS, or OpenBLAS once libopenblas0-pthread is installed, which
`./workbook setup` does). Their thread
count is fixed when the library loads, so each thread count runs in a fresh process with
OPENBLAS_NUM_THREADS / OMP_NUM_THREADS set. Which library did the work is printed on stderr.

Prints Google Benchmark-shaped JSON (medians of repetitions), which `./workbook bench 08`
shows side by side with the C++ figures.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

from workbook_peer import median_entry, peer_arguments, require, thread_sweep, write_json

np = require("numpy")
linalg = require("scipy.linalg")


def blas_libraries():
    """The BLAS/LAPACK shared libraries this process has loaded (after importing numpy)."""
    found = set()
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1]
            name = os.path.basename(path)
            if ("blas" in name or "lapack" in name or "mkl" in name) and "cpython" not in name:
                found.add(os.path.realpath(path))
    return sorted(found)


def blas_kind(libraries):
    """"OpenBLAS", "MKL", "BLIS", "reference" (Netlib's plain loops) or "unknown"."""
    text = " ".join(libraries).lower()
    for marker, kind in (("openblas", "OpenBLAS"), ("mkl", "MKL"), ("blis", "BLIS"), ("flexiblas", "FlexiBLAS")):
        if marker in text:
            return kind
    # Debian's reference BLAS and LAPACK live in .../blas/ and .../lapack/ (update-alternatives).
    if "/blas/libblas" in text or "/lapack/liblapack" in text:
        return "reference"
    return "unknown"


def openblas_kernels(libraries):
    """The kernel set OpenBLAS chose for this CPU (OPENBLAS_CORETYPE overrides it), or ""."""
    import ctypes
    for path in libraries:
        try:
            library = ctypes.CDLL(path)
            corename = library.openblas_get_corename
        except (OSError, AttributeError):
            continue
        corename.restype = ctypes.c_char_p
        return corename().decode()
    return ""


def median_seconds(work, repetitions):
    """Median wall-clock seconds of work(); fewer repetitions when one run is long."""
    times = []
    for _ in range(repetitions):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
        if sum(times) > 20:
            break
    return statistics.median(times)


def worker(threads, repetitions, n_product, n_solve):
    """Runs in a fresh process whose BLAS was loaded with `threads` threads."""
    rng = np.random.default_rng(1)
    a, b = rng.uniform(-1, 1, (n_product, n_product)), rng.uniform(-1, 1, (n_product, n_product))
    m = rng.uniform(-1, 1, (n_solve, n_solve))
    rhs = m @ np.ones(n_solve)
    a @ b  # the first call loads and warms the library
    results = {
        f"BM_matmul/n:{n_product}/threads:{threads}": median_seconds(lambda: a @ b, repetitions),
        f"BM_inverse/n:{n_solve}/threads:{threads}": median_seconds(lambda: linalg.inv(m), repetitions),
        f"BM_lu_solve/n:{n_solve}/threads:{threads}": median_seconds(lambda: linalg.solve(m, rhs), repetitions),
    }
    x = linalg.solve(m, rhs)
    assert np.abs(x - 1).max() < 1e-6, "scipy.linalg.solve gave a wrong answer"
    return {"results": results, "libraries": blas_libraries()}


def main():
    parser = peer_arguments(__doc__, quick_help="a smoke run: small sizes, 1 repetition, 1 thread")
    parser.add_argument("--worker-threads", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--sizes", type=int, nargs=2, default=[2000, 1000], help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker_threads:
        print(json.dumps(worker(args.worker_threads, args.repetitions, *args.sizes)))
        return
    if args.quick:
        args.repetitions, args.sizes, thread_counts = 1, [200, 100], [1]
    else:
        thread_counts = thread_sweep()  # the C++ side's sweep
    benchmarks = []
    for threads in thread_counts:
        env = dict(os.environ)
        for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
            env[variable] = str(threads)
        child = subprocess.run([sys.executable, __file__, "--worker-threads", str(threads),
                                "--repetitions", str(args.repetitions), "--sizes", *map(str, args.sizes)],
                               env=env, check=True, capture_output=True, text=True)
        report = json.loads(child.stdout)
        for name, seconds in report["results"].items():
            benchmarks.append(median_entry(name, [seconds], "ms"))  # seconds: the worker's median
    libraries = report["libraries"]
    kind, kernels = blas_kind(libraries), openblas_kernels(libraries)
    described = f"{kind}: {', '.join(libraries) or 'no BLAS library found in the process'}"
    if kernels:
        described += f" (kernels: {kernels})"
    print(f"numpy {np.__version__} does its linear algebra in {described}", file=sys.stderr)
    if kind == "reference":
        print("  that is the reference BLAS (plain loops, one thread): as root, `./workbook setup` installs "
              "OpenBLAS (libopenblas0-pthread) for numpy", file=sys.stderr)
    write_json(benchmarks, args.out, blas=f"numpy {np.__version__} on {described}", blas_kind=kind)


if __name__ == "__main__":
    main()
