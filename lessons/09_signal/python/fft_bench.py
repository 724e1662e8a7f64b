#!/usr/bin/env python3
"""Python peer of fft_bench.cpp: FFTs of 2^20 points with scipy.fft (pocketfft), complex (fft)
and real-to-complex (rfft), with workers=1 and workers=2, medians of repetitions, as Google Benchmark-shaped JSON for
`./workbook bench 09`. (scipy's workers split a batch of transforms, not a single 1-D one.)
"""
import argparse
import sys

sys.dont_write_bytecode = True  # run from the source tree: leave no __pycache__ behind
from _peer import median_entry, need_scipy, seconds_per_call, write_json  # noqa: E402

need_scipy()
import numpy as np  # noqa: E402
import scipy.fft  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--n", type=int, default=1 << 20)
    parser.add_argument("--quick", action="store_true", help="a smoke run: 1 repetition of 4096 points")
    parser.add_argument("--out", help="write the JSON here instead of stdout")
    args = parser.parse_args()
    if args.quick:
        args.repetitions, args.n = 1, 4096

    rng = np.random.default_rng(1)
    x = rng.standard_normal(args.n) + 1j * rng.standard_normal(args.n)
    real = rng.standard_normal(args.n)
    benchmarks = []
    for name, transform, data in (("BM_fft", scipy.fft.fft, x), ("BM_rfft", scipy.fft.rfft, real)):
        for workers in (1, 2):
            times = [seconds_per_call(lambda: transform(data, workers=workers)) for _ in range(args.repetitions)]
            benchmarks.append(median_entry(f"{name}/{args.n}/{workers}", times, "ms"))
    write_json(benchmarks, args.out)


if __name__ == "__main__":
    main()
