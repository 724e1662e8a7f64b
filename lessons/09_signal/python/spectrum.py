#!/usr/bin/env python3
"""The course's way: the spectrum of a noisy two-tone signal with scipy, as spectrum.cpp does
it with FFTW. The same signal (0.7 sin(2 pi 50 t) + sin(2 pi 120 t) plus Gaussian noise of
standard deviation 2, 1500 samples at 1000 Hz), the same peaks and the same Parseval check.
numpy's random generator is not C++'s, so the noise, and the last digits, differ.
"""
import argparse

from workbook_peer import require

np = require("numpy")
fft = require("scipy.fft")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1500)
    parser.add_argument("--rate", type=float, default=1000.0)
    parser.add_argument("--noise", type=float, default=2.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.n < 16:
        parser.error(f"--n {args.n}: at least 16 samples")

    t = np.arange(args.n) / args.rate
    rng = np.random.default_rng(args.seed)
    x = 0.7 * np.sin(2 * np.pi * 50 * t) + np.sin(2 * np.pi * 120 * t) + args.noise * rng.standard_normal(args.n)

    spectrum = fft.rfft(x)                             # bins 0 .. n/2, as FFTW's r2c
    frequency = fft.rfftfreq(args.n, 1 / args.rate)
    amplitude = 2 * np.abs(spectrum) / args.n
    amplitude[0] /= 2
    if args.n % 2 == 0:
        amplitude[-1] /= 2
    median = np.median(amplitude)
    # A floor as well: without noise (--noise 0) the median is round-off, 1e-16, and every
    # bin of round-off would pass 5x the median.
    floor = 0.01
    print(f"peaks (bins above 5x the median amplitude, {median:.3f}, and above {floor:g}):")
    for f, a in zip(frequency[1:], amplitude[1:]):
        if a > max(5 * median, floor):
            print(f"  {f:8.3f} Hz  amplitude {a:.3f}")

    mirrored = np.full(len(spectrum), 2.0)
    mirrored[0] = 1.0
    if args.n % 2 == 0:
        mirrored[-1] = 1.0
    time_energy = np.sum(x * x)
    freq_energy = np.sum(mirrored * np.abs(spectrum) ** 2) / args.n
    print(f"Parseval: sum x^2 = {time_energy:.6g} (time), sum |X|^2 / n = {freq_energy:.6g} (frequency), "
          f"relative difference {abs(time_energy - freq_energy) / time_energy:.1e}")


if __name__ == "__main__":
    main()
