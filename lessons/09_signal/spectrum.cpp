/// @file spectrum.cpp
/// @brief The spectrum of a noisy two-tone signal with one FFTW real-to-complex transform:
/// tones buried in noise in the time domain stand out as peaks in the frequency domain,
/// and Parseval's identity checks that the transform kept all the energy.
#include "dsp.hpp"

#include <workbook/cli.hpp>
#include <workbook/files.hpp>
#include <workbook/hardware.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <numeric>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    long n = 1500;
    double rate = 1000.0, f1 = 50.0, f2 = 120.0, noise = 2.0;
    long seed = 1;
    std::string output;
    workbook::Cli cli{
        "Lesson 09: the spectrum of a noisy two-tone signal, 0.7 sin(2 pi f1 t) + sin(2 pi f2 t)\n"
        "plus Gaussian noise, with one FFTW real-to-complex FFT. Prints the peaks and checks\n"
        "Parseval's identity; --output writes the spectrum (frequency, amplitude) for plotting."};
    cli.option("--n", n, "samples", workbook::between(16, 1 << 26));
    cli.option("--rate", rate, "sampling rate in Hz", workbook::between(1, 1e9));
    cli.option("--f1", f1, "first tone in Hz (amplitude 0.7)", workbook::between(0, 1e9));
    cli.option("--f2", f2, "second tone in Hz (amplitude 1)", workbook::between(0, 1e9));
    cli.option("--noise", noise, "standard deviation of the noise", workbook::between(0, 1e6));
    cli.option("--seed", seed, "seed of the noise generator", workbook::between(0, 1e18));
    cli.option("--output", output, "write the spectrum to this text file (none if empty)");
    cli.parse(argc, argv);
    if (2.0 * std::max(f1, f2) >= rate) {
        workbook::usage_error(fmt::format("a tone at {:g} Hz needs a sampling rate above {:g} Hz (Nyquist)",
                                          std::max(f1, f2), 2.0 * std::max(f1, f2)));
    }
    // Memory: the samples, their transform and amplitudes, and --output's text (some 12 bytes
    // a sample): about 32 bytes a sample. Time: about 0.35 us a sample with --output (measured
    // once on a 2-core test machine).
    const double samples = static_cast<double>(n);
    workbook::announce_cost(fmt::format("the spectrum of {} samples", n), 32 * samples, 0.35e-6 * samples);

    return workbook::run([&] {
        const auto count = static_cast<std::size_t>(n);
        const dsp::Tone tones[] = {{f1, 0.7}, {f2, 1.0}};
        const auto x = dsp::noisy_tones(count, rate, tones, noise, static_cast<std::uint64_t>(seed));
        fmt::print("signal: {} samples at {:g} Hz ({:g} s), tones {:g} Hz (amplitude 0.7) and {:g} Hz (amplitude 1),\n",
                   n, rate, static_cast<double>(n) / rate, f1, f2);
        fmt::print("        Gaussian noise of standard deviation {:g} (seed {})\n", noise, seed);

        // A real signal's spectrum is symmetric (X[n-k] is the conjugate of X[k]), so the
        // real-to-complex transform computes only bins 0 .. n/2: half the work and memory.
        std::vector<double> in(count);
        std::vector<std::complex<double>> spectrum(count / 2 + 1);
        const dsp::Plan plan(
            fftw_plan_dft_r2c_1d(static_cast<int>(n), in.data(), dsp::as_fftw(spectrum.data()), FFTW_ESTIMATE));
        std::copy(x.begin(), x.end(), in.begin());  // plan first, then fill: planning may scribble
        plan.execute();

        const double resolution = rate / static_cast<double>(n);
        fmt::print("spectrum: one FFT, {} bins from 0 to {:g} Hz, {:.4g} Hz apart (rate / n)\n", spectrum.size(),
                   static_cast<double>(spectrum.size() - 1) * resolution, resolution);

        // Amplitude of bin k: |X_k| * 2 / n (see dsp.hpp), so a tone shows its own amplitude.
        const auto amplitude = dsp::amplitude_spectrum(x);
        // Noise spreads evenly over all bins; a tone piles up in one. The median bin is noise.
        auto sorted = amplitude;
        std::nth_element(sorted.begin(), sorted.begin() + static_cast<long>(sorted.size() / 2), sorted.end());
        const double median = sorted[sorted.size() / 2];
        // A floor as well: without noise the median is round-off (1e-16), and 5x that would
        // make every bin of round-off a "peak". Below 0.01 nothing here counts as a tone.
        const double floor = 0.01;
        const double threshold = std::max(5.0 * median, floor);
        fmt::print("peaks (bins above 5x the median amplitude, {:.3f}, and above {:g}):\n", median, floor);
        int peaks = 0;
        for (std::size_t k = 1; k < amplitude.size(); ++k) {
            if (amplitude[k] > threshold) {
                fmt::print("  {:8.3f} Hz  amplitude {:.3f}\n", static_cast<double>(k) * resolution, amplitude[k]);
                ++peaks;
            }
        }
        if (peaks == 0) fmt::print("  none: the tones are lost in the noise\n");

        // Parseval: the energy is the same in both domains, sum |x_j|^2 = (1/n) sum |X_k|^2.
        // The bins the r2c transform leaves out (k > n/2) mirror bins 1 .. (n-1)/2: count those twice.
        const double time_energy = std::inner_product(x.begin(), x.end(), x.begin(), 0.0);
        double freq_energy = 0.0;
        for (std::size_t k = 0; k < spectrum.size(); ++k) {
            const bool mirrored = k != 0 && 2 * k != count;
            freq_energy += (mirrored ? 2.0 : 1.0) * std::norm(spectrum[k]);
        }
        freq_energy /= static_cast<double>(n);
        const double mean_power = 0.7 * 0.7 / 2 + 1.0 / 2 + noise * noise;
        fmt::print(
            "Parseval: sum x^2 = {:.6g} (time), sum |X|^2 / n = {:.6g} (frequency), relative difference {:.1e}\n",
            time_energy, freq_energy, std::abs(time_energy - freq_energy) / time_energy);
        fmt::print("mean power {:.4g}; expected about 0.7^2/2 + 1^2/2 + noise^2 = {:.4g} (the noise varies)\n",
                   time_energy / static_cast<double>(n), mean_power);

        if (!output.empty()) {
            std::string text = fmt::format(
                "# spectrum of the noisy two-tone signal ({} samples at {:g} Hz)\n"
                "# frequency_hz amplitude\n",
                n, rate);
            for (std::size_t k = 0; k < amplitude.size(); ++k) {
                text += fmt::format("{:.6f} {:.6e}\n", static_cast<double>(k) * resolution, amplitude[k]);
            }
            workbook::write_file(output, text);
            fmt::print("wrote {} rows (frequency_hz amplitude) to {}\n", amplitude.size(), output);
        }
    });
}
