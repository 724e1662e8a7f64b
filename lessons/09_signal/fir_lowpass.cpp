/// @file fir_lowpass.cpp
/// @brief A low-pass FIR filter by the windowed-sinc method, and its frequency response
/// measured with one zero-padded FFT. The ideal low-pass filter's impulse response is a
/// sinc that never ends; cutting it to N taps makes ripples (the rectangular window), and
/// a smooth window trades a wider transition band for a deeper stop band.
#include "dsp.hpp"

#include <workbook/cli.hpp>
#include <workbook/files.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>
#include <string>
#include <vector>

namespace {

/// The windowed-sinc low-pass: h[k] = w[k] sin(2 pi fc m) / (pi m), m = k - (taps-1)/2,
/// with fc the cutoff in cycles per sample, scaled so the taps add up to 1 (gain 1 at 0 Hz).
std::vector<double> windowed_sinc(std::size_t taps, double fc, dsp::Window window) {
    const auto w = dsp::make_window(window, taps);
    const double middle = static_cast<double>(taps - 1) / 2.0;
    std::vector<double> h(taps);
    for (std::size_t k = 0; k < taps; ++k) {
        const double m = static_cast<double>(k) - middle;
        // sin(2 pi fc m) / (pi m) tends to 2 fc at m = 0.
        const double sinc = m == 0.0 ? 2.0 * fc : std::sin(2.0 * std::numbers::pi * fc * m) / (std::numbers::pi * m);
        h[k] = sinc * w[k];
    }
    const double sum = std::accumulate(h.begin(), h.end(), 0.0);
    for (double& v : h) v /= sum;
    return h;
}

/// y[i] = sum_j h[j] x[i + taps - 1 - j] for the n - taps + 1 outputs that see only real input.
std::vector<double> filter_valid(const std::vector<double>& x, const std::vector<double>& h) {
    std::vector<double> y(x.size() - h.size() + 1, 0.0);
    for (std::size_t j = 0; j < h.size(); ++j) {
        const double tap = h[j];
        const double* shifted = x.data() + (h.size() - 1 - j);
        for (std::size_t i = 0; i < y.size(); ++i) y[i] += tap * shifted[i];
    }
    return y;
}

}  // namespace

int main(int argc, char** argv) {
    long taps = 101;
    double rate = 1000.0, cutoff = 100.0, stopband = 150.0;
    std::string output;
    workbook::Cli cli{
        "Lesson 09: a windowed-sinc low-pass FIR filter under four windows, its frequency response\n"
        "by a zero-padded FFT, and the filter applied to two tones. --output writes the four\n"
        "responses in dB (frequency, one column per window)."};
    cli.option("--taps", taps, "filter length, odd (a middle tap: linear phase)", workbook::between(3, 4095));
    cli.option("--rate", rate, "sampling rate in Hz", workbook::between(1, 1e9));
    cli.option("--cutoff", cutoff, "cutoff frequency in Hz", workbook::between(0, 1e9));
    cli.option("--stopband", stopband, "where the stop band starts, in Hz", workbook::between(0, 1e9));
    cli.option("--output", output, "write the responses to this text file (none if empty)");
    cli.parse(argc, argv);
    if (taps % 2 == 0) workbook::usage_error(fmt::format("--taps {} is even: the filter needs a middle tap", taps));
    if (!(0.0 < cutoff && cutoff < stopband && stopband < rate / 2)) {
        workbook::usage_error(
            fmt::format("need 0 < cutoff ({:g}) < stopband ({:g}) < rate/2 ({:g})", cutoff, stopband, rate / 2));
    }

    return workbook::run([&] {
        const auto count = static_cast<std::size_t>(taps);
        const double fc = cutoff / rate;                 // cycles per sample
        const double pass_edge = 2 * cutoff - stopband;  // as far below the cutoff as the stop band is above
        const std::size_t points = 4097;                 // response at 4097 frequencies, 0 .. rate/2
        const auto frequency = [&](std::size_t k) { return static_cast<double>(k) * rate / (2.0 * (points - 1)); };
        fmt::print(
            "{}-tap low-pass, cutoff {:g} Hz at {:g} Hz sampling; pass band to {:g} Hz, stop band from {:g} Hz\n", taps,
            cutoff, rate, std::max(pass_edge, 0.0), stopband);
        fmt::print("{:<12} {:>16} {:>16} {:>23}\n", "window", "pass-band ripple", "gain at cutoff",
                   "stop-band attenuation");

        std::vector<std::vector<double>> responses;
        for (auto window : {dsp::Window::rectangular, dsp::Window::hann, dsp::Window::hamming, dsp::Window::blackman}) {
            const auto h = windowed_sinc(count, fc, window);
            const auto gain = dsp::frequency_response(h, points);
            double ripple = 0.0, worst_stop = 0.0;
            for (std::size_t k = 0; k < gain.size(); ++k) {
                if (frequency(k) <= pass_edge) ripple = std::max(ripple, std::abs(dsp::decibels(gain[k])));
                if (frequency(k) >= stopband) worst_stop = std::max(worst_stop, gain[k]);
            }
            const auto at_cutoff = static_cast<std::size_t>(std::lround(cutoff / rate * 2.0 * (points - 1)));
            fmt::print("{:<12} {:>13.3f} dB {:>13.2f} dB {:>20.1f} dB\n", dsp::window_name(window), ripple,
                       dsp::decibels(gain[at_cutoff]), -dsp::decibels(worst_stop));
            responses.push_back(gain);
        }

        // The Hamming filter on two tones: one in the pass band, one in the stop band, each on
        // a bin of the 1000-sample output's spectrum (bins rate / 1000 apart), so no leakage.
        const std::size_t n_out = 1000;
        const double bin_width = rate / static_cast<double>(n_out);
        const double f_pass = bin_width * std::round(cutoff / 2 / bin_width);
        const double f_stop = bin_width * std::round((stopband + rate / 2) / 2 / bin_width);
        const dsp::Tone tones[] = {{f_pass, 1.0}, {f_stop, 1.0}};
        const auto x = dsp::noisy_tones(n_out + count - 1, rate, tones, 0.0, 1);
        const auto y = filter_valid(x, windowed_sinc(count, fc, dsp::Window::hamming));
        const auto before = dsp::amplitude_spectrum(std::span(x).subspan(count - 1));
        const auto after = dsp::amplitude_spectrum(y);
        const auto bin = [&](double f) {
            return static_cast<std::size_t>(std::lround(f * static_cast<double>(n_out) / rate));
        };
        fmt::print("Hamming filter on tones of amplitude 1 at {:g} Hz and {:g} Hz ({} samples out):\n", f_pass, f_stop,
                   n_out);
        fmt::print("  {:g} Hz: amplitude {:.4f} -> {:.4f}\n", f_pass, before[bin(f_pass)], after[bin(f_pass)]);
        fmt::print("  {:g} Hz: amplitude {:.4f} -> {:.6f} ({:.1f} dB)\n", f_stop, before[bin(f_stop)],
                   after[bin(f_stop)], dsp::decibels(after[bin(f_stop)]));

        if (!output.empty()) {
            std::string text = fmt::format(
                "# gain in dB of a {}-tap windowed-sinc low-pass, cutoff {:g} Hz at {:g} Hz\n"
                "# frequency_hz rectangular_db hann_db hamming_db blackman_db\n",
                taps, cutoff, rate);
            for (std::size_t k = 0; k < points; ++k) {
                text += fmt::format("{:.4f}", frequency(k));
                for (const auto& r : responses) text += fmt::format(" {:.3f}", dsp::decibels(r[k]));
                text += '\n';
            }
            workbook::write_file(output, text);
            fmt::print("wrote {} rows (frequency_hz and one dB column per window) to {}\n", points, output);
        }
    });
}
