/// @file find_peaks.cpp
/// @brief Exercise (stub): find the tones in a noisy signal from its spectrum. One FFTW
/// real-to-complex transform gives the amplitude of every frequency bin; the tones are the
/// largest *peaks* (local maxima), which is not the same as the largest bins.
#include "dsp.hpp"

#include <workbook/cli.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <complex>
#include <stdexcept>
#include <vector>

/// The one-sided amplitude spectrum of x, bins k = 0 .. n/2 (bin k is k * rate / n Hz): a tone
/// of amplitude A on bin k reads A. With FFTW: a real-to-complex plan, then execute it.
std::vector<double> amplitude_spectrum(const std::vector<double>& x) {
    const std::size_t n = x.size();
    std::vector<double> amplitude(n / 2 + 1, 0.0);
    // TODO(09): compute the spectrum with FFTW. Make a real-to-complex plan for n points
    //           (fftw_plan_dft_r2c_1d, FFTW_ESTIMATE; dsp::Plan destroys it for you and
    //           dsp::as_fftw turns std::complex<double>* into fftw_complex*), fill the input
    //           after planning, execute, and turn each output X_k into an amplitude:
    //           |X_k| * 2 / n, but |X_k| / n for bin 0 and, when n is even, bin n/2.
    //           Lesson text: lessons/09_signal/README.md, "The spectrum of a noisy signal".
    return amplitude;
}

/// A peak of the spectrum: its bin and amplitude.
struct Peak {
    std::size_t bin;
    double amplitude;
};

/// The `count` largest local maxima of the spectrum, in increasing frequency. Bin 0 (the
/// signal's mean, not a tone) and the last bin are left out.
std::vector<Peak> find_peaks(const std::vector<double>& amplitude, std::size_t count) {
    std::vector<Peak> peaks;
    // TODO(09): collect the local maxima of `amplitude` (a bin higher than both neighbours),
    //           from bin 1 to the second-to-last bin; keep the `count` highest, and return
    //           them sorted by bin. Why not simply the `count` highest bins? Run with
    //           --f1 50.5 and look at bins 50 and 51.
    //           Lesson text: lessons/09_signal/README.md, "Exercise 1: find_peaks".
    (void)amplitude;
    (void)count;
    return peaks;
}

int main(int argc, char** argv) {
    long n = 1000, seed = 1;
    int count = 2;
    double rate = 1000.0, f1 = 50.0, a1 = 0.7, f2 = 120.0, a2 = 1.0, noise = 1.0, offset = 0.0;
    workbook::Cli cli{
        "Lesson 09 exercise 'find_peaks': the tones of a noisy signal, a1 sin(2 pi f1 t) +\n"
        "a2 sin(2 pi f2 t) + offset + noise, as the largest peaks of its FFTW spectrum."};
    cli.option("--n", n, "samples", workbook::between(16, 1 << 24));
    cli.option("--rate", rate, "sampling rate in Hz", workbook::between(1, 1e9));
    cli.option("--f1", f1, "first tone in Hz", workbook::between(0, 1e9));
    cli.option("--a1", a1, "its amplitude", workbook::between(0, 1e6));
    cli.option("--f2", f2, "second tone in Hz", workbook::between(0, 1e9));
    cli.option("--a2", a2, "its amplitude", workbook::between(0, 1e6));
    cli.option("--offset", offset, "constant added to the signal", workbook::between(-1e6, 1e6));
    cli.option("--noise", noise, "standard deviation of the noise", workbook::between(0, 1e6));
    cli.option("--seed", seed, "seed of the noise generator", workbook::between(0, 1e18));
    cli.option("--peaks", count, "how many peaks to report", workbook::between(1, 100));
    cli.parse(argc, argv);
    if (2.0 * std::max(f1, f2) >= rate) {
        workbook::usage_error(fmt::format("a tone at {:g} Hz needs a sampling rate above {:g} Hz (Nyquist)",
                                          std::max(f1, f2), 2.0 * std::max(f1, f2)));
    }

    return workbook::run([&] {
        const dsp::Tone tones[] = {{f1, a1}, {f2, a2}};
        const auto x =
            dsp::noisy_tones(static_cast<std::size_t>(n), rate, tones, noise, static_cast<std::uint64_t>(seed), offset);
        fmt::print(
            "signal: {} samples at {:g} Hz: {:g} at {:g} Hz + {:g} at {:g} Hz, offset {:g}, noise {:g} (seed {})\n", n,
            rate, a1, f1, a2, f2, offset, noise, seed);
        const auto amplitude = amplitude_spectrum(x);
        const std::size_t bins = static_cast<std::size_t>(n) / 2 + 1;
        if (amplitude.size() != bins) {
            throw std::runtime_error(fmt::format(
                "amplitude_spectrum returned {} amplitudes, not n/2 + 1 = {} (bins 0 .. n/2)", amplitude.size(), bins));
        }
        fmt::print("spectrum: {} bins, {:.6f} Hz apart\n", amplitude.size(), rate / static_cast<double>(n));
        // The two ends of the spectrum, where the factor 2 of amplitude_spectrum may not apply.
        fmt::print("bin 0 (the mean): amplitude {:.6f}; last bin {} ({:g} Hz, n {}): amplitude {:.6f}\n", amplitude[0],
                   bins - 1, static_cast<double>(bins - 1) * rate / static_cast<double>(n), n % 2 == 0 ? "even" : "odd",
                   amplitude[bins - 1]);
        const auto peaks = find_peaks(amplitude, static_cast<std::size_t>(count));
        fmt::print("the {} largest peaks, by frequency: {} found\n", count, peaks.size());
        for (const Peak& peak : peaks) {
            const double frequency = static_cast<double>(peak.bin) * rate / static_cast<double>(n);
            fmt::print("  {:.6f} Hz (bin {}): amplitude {:.6f}\n", frequency, peak.bin, peak.amplitude);
        }
    });
}
