/// @file windowing.cpp
/// @brief Why a spectrum needs a window. The FFT sees n samples as one period of a signal
/// that repeats; a tone that does not fit a whole number of periods into them jumps at the
/// seam, and its energy leaks into every bin. A window tapers the ends to zero: less leakage,
/// so a weak tone next to a strong one becomes visible, at the price of a wider peak.
#include "dsp.hpp"

#include <workbook/cli.hpp>
#include <workbook/files.hpp>
#include <workbook/hardware.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    long n = 1000;
    double rate = 1000.0, strong = 100.5, weak = 150.0, weak_db = -60.0;
    std::string output;
    workbook::Cli cli{
        "Lesson 09: spectral leakage and windows. A strong tone between two bins and a weak one\n"
        "nearby, analysed through the rectangular (no), Hann, Hamming and Blackman windows.\n"
        "--output writes the four spectra in dB (frequency, one column per window)."};
    cli.option("--n", n, "samples", workbook::between(64, 1 << 24));
    cli.option("--rate", rate, "sampling rate in Hz", workbook::between(1, 1e9));
    cli.option("--strong", strong, "frequency of the strong tone (amplitude 1) in Hz", workbook::between(0, 1e9));
    cli.option("--weak", weak, "frequency of the weak tone in Hz", workbook::between(0, 1e9));
    cli.option("--weak-db", weak_db, "level of the weak tone in dB below the strong one", workbook::between(-200, 0));
    cli.option("--output", output, "write the spectra to this text file (none if empty)");
    cli.parse(argc, argv);
    const double resolution = rate / static_cast<double>(n);
    if (2.0 * std::max(strong, weak) >= rate) {
        workbook::usage_error(fmt::format("a tone at {:g} Hz needs a sampling rate above {:g} Hz (Nyquist)",
                                          std::max(strong, weak), 2.0 * std::max(strong, weak)));
    }
    if (weak < 4 * resolution || weak > rate / 2 - 4 * resolution) {
        workbook::usage_error(
            fmt::format("the weak tone must lie 4 bins ({:g} Hz) or more inside 0 .. rate/2", 4 * resolution));
    }
    if (std::abs(weak - strong) < 8 * resolution) {
        workbook::usage_error(fmt::format("the tones must be at least 8 bins ({:g} Hz) apart", 8 * resolution));
    }
    // Memory: the samples, four windowed spectra and --output's text (some 24 bytes a sample):
    // about 48 bytes a sample. Time: about 0.7 us a sample with --output (measured once on a
    // 2-core test machine).
    const double samples = static_cast<double>(n);
    workbook::announce_cost(fmt::format("four spectra of {} samples", n), 48 * samples, 0.7e-6 * samples);

    return workbook::run([&] {
        const double weak_amplitude = std::pow(10.0, weak_db / 20.0);
        const dsp::Tone tones[] = {{strong, 1.0}, {weak, weak_amplitude}};
        const auto x = dsp::noisy_tones(static_cast<std::size_t>(n), rate, tones, 0.0, 1);
        fmt::print("{} samples at {:g} Hz (bins {:g} Hz apart): a tone of amplitude 1 at {:g} Hz (bin {:g})\n", n, rate,
                   resolution, strong, strong / resolution);
        fmt::print("and a weak one of {:g} ({:g} dB) at {:g} Hz (bin {:g})\n", weak_amplitude, weak_db, weak,
                   weak / resolution);
        fmt::print("{:<12} {:>10} {:>11} {:>15} {:>11}  {}\n", "window", "peak found", "scalloping", "leak +20 bins",
                   "at weak", "weak tone seen");

        const auto bin = [&](double f) { return static_cast<std::size_t>(std::lround(f / resolution)); };
        const std::size_t strong_low = static_cast<std::size_t>(std::floor(strong / resolution));
        const std::size_t weak_bin = bin(weak);
        const std::size_t leak_bin = bin(strong + 20 * resolution);
        std::vector<std::vector<double>> spectra;
        for (auto window : {dsp::Window::rectangular, dsp::Window::hann, dsp::Window::hamming, dsp::Window::blackman}) {
            const auto w = dsp::make_window(window, x.size());
            std::vector<double> xw(x.size());
            std::transform(x.begin(), x.end(), w.begin(), xw.begin(), [](double a, double b) { return a * b; });
            auto amplitude = dsp::amplitude_spectrum(xw);
            // A window also scales every tone by its mean value (its "coherent gain"): undo that,
            // so a tone on a bin reads its true amplitude under every window.
            const double gain = std::accumulate(w.begin(), w.end(), 0.0) / static_cast<double>(w.size());
            for (double& a : amplitude) a /= gain;
            spectra.push_back(amplitude);

            const double peak =
                std::max(amplitude[strong_low], amplitude[std::min(strong_low + 1, amplitude.size() - 1)]);
            // The weak tone is seen when its bin stands 6 dB above the spectrum 4 bins either side.
            const double around =
                std::max(amplitude[weak_bin - 4], amplitude[std::min(weak_bin + 4, amplitude.size() - 1)]);
            const bool seen = amplitude[weak_bin] > 2.0 * around;
            fmt::print("{:<12} {:>10.3f} {:>8.2f} dB {:>12.1f} dB {:>8.1f} dB  {}\n", dsp::window_name(window), peak,
                       dsp::decibels(peak), dsp::decibels(amplitude[leak_bin]), dsp::decibels(amplitude[weak_bin]),
                       seen ? "yes" : "no");
        }

        if (!output.empty()) {
            std::string text = fmt::format(
                "# spectra in dB of a tone at {:g} Hz and one at {:g} Hz ({:g} dB)\n"
                "# frequency_hz rectangular_db hann_db hamming_db blackman_db\n",
                strong, weak, weak_db);
            for (std::size_t k = 0; k < spectra.front().size(); ++k) {
                text += fmt::format("{:.6f}", static_cast<double>(k) * resolution);
                for (const auto& s : spectra) text += fmt::format(" {:.3f}", dsp::decibels(s[k]));
                text += '\n';
            }
            workbook::write_file(output, text);
            fmt::print("wrote {} rows (frequency_hz and one dB column per window) to {}\n", spectra.front().size(),
                       output);
        }
    });
}
