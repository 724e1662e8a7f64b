#!/usr/bin/env python3
"""Python peer of convolution_bench.cpp: 65536 samples convolved with 16 .. 1024 taps, directly
(numpy.convolve, a C loop) and by FFT (scipy.signal.fftconvolve), medians of repetitions, as
Google Benchmark-shaped JSON for `./workbook bench 09`.
"""

from _peer import seconds_per_call
from workbook_peer import median_entry, peer_arguments, require, write_json

np = require("numpy")
signal = require("scipy.signal")


def main():
    parser = peer_arguments(__doc__, quick_help="a smoke run: 1 repetition, 16 and 64 taps")
    args = parser.parse_args()
    taps = (16, 64, 256, 1024)
    if args.quick:
        args.repetitions, taps = 1, (16, 64)

    rng = np.random.default_rng(1)
    x = rng.uniform(-1.0, 1.0, 65536)
    benchmarks = []
    for name, convolve in (("BM_convolve_direct", np.convolve), ("BM_convolve_fft", signal.fftconvolve)):
        for m in taps:
            h = rng.uniform(-1.0, 1.0, m)
            times = [seconds_per_call(lambda: convolve(x, h)) for _ in range(args.repetitions)]
            benchmarks.append(median_entry(f"{name}/{m}", times, "ms"))
    write_json(benchmarks, args.out)


if __name__ == "__main__":
    main()
