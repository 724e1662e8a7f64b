#!/usr/bin/env python3
"""Python peer of fft_bench.cpp: FFTs of 2^20 points with scipy.fft (pocketfft), complex (fft)
and real-to-complex (rfft), with workers = 1, 2, 4, ... up to the usable cores (the C++ side's
sweep), medians of repetitions, as Google Benchmark-shaped JSON for
`./workbook bench 09`. (scipy's workers split a batch of transforms, not a single 1-D one.)
"""

from _peer import seconds_per_call
from workbook_peer import median_entry, peer_arguments, require, thread_sweep, write_json

np = require("numpy")
fft = require("scipy.fft")


def main():
    parser = peer_arguments(__doc__, quick_help="a smoke run: 1 repetition of 4096 points")
    parser.add_argument("--n", type=int, default=1 << 20)
    args = parser.parse_args()
    if args.quick:
        args.repetitions, args.n = 1, 4096

    rng = np.random.default_rng(1)
    x = rng.standard_normal(args.n) + 1j * rng.standard_normal(args.n)
    real = rng.standard_normal(args.n)
    benchmarks = []
    for name, transform, data in (("BM_fft", fft.fft, x), ("BM_rfft", fft.rfft, real)):
        for workers in thread_sweep():  # the C++ side's sweep
            times = [seconds_per_call(lambda: transform(data, workers=workers)) for _ in range(args.repetitions)]
            benchmarks.append(median_entry(f"{name}/n:{args.n}/threads:{workers}", times, "ms"))
    write_json(benchmarks, args.out)


if __name__ == "__main__":
    main()
