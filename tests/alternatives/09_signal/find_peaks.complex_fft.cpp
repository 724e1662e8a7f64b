/// @file find_peaks.cpp
/// @brief Alternative: find the tones in a noisy signal from its spectrum. One FFTW
/// real-to-complex transform gives the amplitude of every frequency bin; the tones are the
/// largest *peaks* (local maxima), which is not the same as the largest bins.
#include "signal.hpp"

#include <workbook/cli.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <complex>
#include <vector>

/// The one-sided amplitude spectrum of x, by a complex-to-complex FFT of all n bins (twice the
/// work of the real-to-complex one, the same numbers): amplitude |X_k| / n from bins k and n - k.
std::vector<double> amplitude_spectrum(const std::vector<double>& x) {
    const std::size_t n = x.size();
    std::vector<std::complex<double>> in(n), out(n);
    const dsp::Plan plan(
        fftw_plan_dft_1d(static_cast<int>(n), dsp::as_fftw(in.data()), dsp::as_fftw(out.data()), FFTW_FORWARD, FFTW_ESTIMATE));
    for (std::size_t i = 0; i < n; ++i) in[i] = x[i];
    plan.execute();
    std::vector<double> amplitude(n / 2 + 1);
    for (std::size_t k = 0; k <= n / 2; ++k) {
        const std::size_t mirror = (n - k) % n;
        amplitude[k] = (mirror == k ? std::abs(out[k]) : std::abs(out[k]) + std::abs(out[mirror])) / static_cast<double>(n);
    }
    return amplitude;
}

/// A peak of the spectrum: its bin and amplitude.
struct Peak {
    std::size_t bin;
    double amplitude;
};

/// The `count` largest local maxima, picked one at a time: the highest bin that is a peak and
/// not yet taken; then put in bin order.
std::vector<Peak> find_peaks(const std::vector<double>& amplitude, std::size_t count) {
    std::vector<bool> taken(amplitude.size(), false);
    std::vector<Peak> peaks;
    while (peaks.size() < count) {
        std::size_t best = 0;
        for (std::size_t k = 1; k + 1 < amplitude.size(); ++k) {
            const bool is_peak = amplitude[k - 1] < amplitude[k] && amplitude[k + 1] < amplitude[k];
            if (is_peak && !taken[k] && (best == 0 || amplitude[k] > amplitude[best])) best = k;
        }
        if (best == 0) break;
        taken[best] = true;
        peaks.push_back({best, amplitude[best]});
    }
    std::sort(peaks.begin(), peaks.end(), [](const Peak& a, const Peak& b) { return a.bin < b.bin; });
    return peaks;
}

int main(int argc, char** argv) {
    long n = 1000, seed = 1;
    int count = 2;
    double rate = 1000.0, f1 = 50.0, a1 = 0.7, f2 = 120.0, a2 = 1.0, noise = 1.0, offset = 0.0;
    workbook::Cli cli{"Lesson 09 exercise 'find_peaks': the tones of a noisy signal, a1 sin(2 pi f1 t) +\n"
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
        const auto x = dsp::noisy_tones(static_cast<std::size_t>(n), rate, tones, noise, static_cast<std::uint64_t>(seed),
                                        offset);
        fmt::print("signal: {} samples at {:g} Hz: {:g} at {:g} Hz + {:g} at {:g} Hz, offset {:g}, noise {:g} (seed {})\n", n,
                   rate, a1, f1, a2, f2, offset, noise, seed);
        const auto amplitude = amplitude_spectrum(x);
        fmt::print("spectrum: {} bins, {:.6f} Hz apart\n", amplitude.size(), rate / static_cast<double>(n));
        const auto peaks = find_peaks(amplitude, static_cast<std::size_t>(count));
        fmt::print("the {} largest peaks, by frequency: {} found\n", count, peaks.size());
        for (const Peak& peak : peaks) {
            const double frequency = static_cast<double>(peak.bin) * rate / static_cast<double>(n);
            fmt::print("  {:.6f} Hz (bin {}): amplitude {:.6f}\n", frequency, peak.bin, peak.amplitude);
        }
    });
}
