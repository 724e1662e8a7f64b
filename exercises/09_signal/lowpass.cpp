/// @file lowpass.cpp
/// @brief Exercise (stub): design a low-pass FIR filter by the windowed-sinc method with a Hamming
/// window, and prove it: its frequency response (one zero-padded FFT) must keep the pass band
/// and attenuate the stop band by at least a given number of decibels.
#include "dsp.hpp"

#include <workbook/cli.hpp>

#include <fmt/core.h>

#include <cmath>
#include <numbers>
#include <numeric>
#include <stdexcept>
#include <vector>

/// `taps` coefficients (odd) of a low-pass filter with its cutoff at `cutoff` Hz for samples
/// taken at `rate` Hz: the ideal low-pass response sin(2 pi fc m) / (pi m), fc = cutoff / rate
/// in cycles per sample and m = k - (taps - 1) / 2 (signed: in double), times a Hamming window
/// 0.54 - 0.46 cos(2 pi k / (taps - 1)), scaled so that the taps add up to 1.
std::vector<double> design_lowpass(std::size_t taps, double cutoff, double rate) {
    std::vector<double> h(taps, 0.0);
    h[taps / 2] = 1.0;  // a placeholder: one tap of 1 passes every frequency unchanged
    // TODO(09): design the filter. For each tap k = 0 .. taps - 1: its distance from the middle
    //           tap, m = k - (taps - 1) / 2, negative for the first half of the taps; the ideal
    //           low-pass sin(2 pi fc m) / (pi m) with fc = cutoff / rate (and 2 fc at m = 0),
    //           times the Hamming window 0.54 - 0.46 cos(2 pi k / (taps - 1)). Then divide every
    //           tap by the sum of the taps, so that the gain at 0 Hz is exactly 1.
    //           Compute m in double: static_cast<double>(k) - static_cast<double>(taps - 1) / 2.0.
    //           With k and taps std::size_t, k - (taps - 1) / 2 is unsigned and wraps around
    //           below 0 (for 101 taps, 0 - 50 is 18446744073709551566): the taps become noise.
    //           Lesson text: lessons/09_signal/README.md, "A low-pass filter" and "Exercise 2".
    (void)cutoff;
    (void)rate;
    return h;
}

/// y[i] = sum_j h[j] x[i + taps - 1 - j]: the outputs that see only real input.
std::vector<double> filter(const std::vector<double>& x, const std::vector<double>& h) {
    std::vector<double> y(x.size() - h.size() + 1, 0.0);
    for (std::size_t j = 0; j < h.size(); ++j) {
        for (std::size_t i = 0; i < y.size(); ++i) y[i] += h[j] * x[i + h.size() - 1 - j];
    }
    return y;
}

int main(int argc, char** argv) {
    long taps = 101;
    double rate = 1000.0, cutoff = 100.0, stopband = 150.0, bound = 50.0;
    workbook::Cli cli{
        "Lesson 09 exercise 'lowpass': a windowed-sinc low-pass FIR filter (Hamming window), its\n"
        "frequency response by FFT, and the check that its stop band is attenuated enough."};
    cli.option("--taps", taps, "filter length, odd", workbook::between(3, 4095));
    cli.option("--rate", rate, "sampling rate in Hz", workbook::between(1, 1e9));
    cli.option("--cutoff", cutoff, "cutoff frequency in Hz (gain -6 dB)", workbook::between(0, 1e9));
    cli.option("--stopband", stopband, "where the stop band starts, in Hz", workbook::between(0, 1e9));
    cli.option("--min-attenuation", bound, "stop-band attenuation to reach, in dB", workbook::between(0, 300));
    cli.parse(argc, argv);
    if (taps % 2 == 0) workbook::usage_error(fmt::format("--taps {} is even: the filter needs a middle tap", taps));
    if (!(0.0 < cutoff && cutoff < stopband && stopband < rate / 2)) {
        workbook::usage_error(
            fmt::format("need 0 < cutoff ({:g}) < stopband ({:g}) < rate/2 ({:g})", cutoff, stopband, rate / 2));
    }

    return workbook::run([&] {
        const auto count = static_cast<std::size_t>(taps);
        const auto h = design_lowpass(count, cutoff, rate);
        if (h.size() != count) {
            throw std::runtime_error(fmt::format("design_lowpass returned {} taps, not --taps {}", h.size(), taps));
        }
        for (std::size_t k = 0; k < count; ++k) {
            // nan or inf would make every figure below meaningless (and the checks say yes).
            if (!std::isfinite(h[k])) {
                throw std::runtime_error(
                    fmt::format("design_lowpass returned tap {} = {}: not a finite number", k, h[k]));
            }
        }
        fmt::print("low-pass FIR: {} taps, cutoff {:g} Hz at {:g} Hz sampling, Hamming windowed sinc\n", taps, cutoff,
                   rate);
        fmt::print("taps: middle {:.8f}, sum {:.8f}\n", h[count / 2], std::accumulate(h.begin(), h.end(), 0.0));

        // The response at 8193 frequencies from 0 to rate/2: the taps zero-padded to 16384, one FFT.
        const std::size_t points = 8193;
        const auto gain = dsp::frequency_response(h, points);
        const auto frequency = [&](std::size_t k) { return static_cast<double>(k) * rate / (2.0 * (points - 1)); };
        const double pass_edge = std::max(2 * cutoff - stopband, 0.0);
        double ripple = 0.0, worst_stop = 0.0;
        for (std::size_t k = 0; k < points; ++k) {
            if (frequency(k) <= pass_edge) ripple = std::max(ripple, std::abs(dsp::decibels(gain[k])));
            if (frequency(k) >= stopband) worst_stop = std::max(worst_stop, gain[k]);
        }
        const auto at = [&](double f) {
            return gain[static_cast<std::size_t>(std::lround(f / rate * 2.0 * (points - 1)))];
        };
        const double attenuation = -dsp::decibels(worst_stop);
        fmt::print("pass band 0 .. {:g} Hz: within {:.4f} dB of gain 1\n", pass_edge, ripple);
        fmt::print("gain at the cutoff: {:.4f} dB\n", dsp::decibels(at(cutoff)));
        fmt::print("stop band from {:g} Hz: attenuation {:.3f} dB\n", stopband, attenuation);
        fmt::print("attenuation at least {:g} dB: {}\n", bound, attenuation >= bound ? "yes" : "no");

        // Two tones of amplitude 1 through the filter, one in each band, measured on 1000 outputs.
        const std::size_t n_out = 1000;
        const double bin_width = rate / static_cast<double>(n_out);
        const double f_pass = bin_width * std::max(1.0, std::round(cutoff / 2 / bin_width));
        const double f_stop = bin_width * std::round((stopband + rate / 2) / 2 / bin_width);
        const dsp::Tone tones[] = {{f_pass, 1.0}, {f_stop, 1.0}};
        const auto y = filter(dsp::noisy_tones(n_out + count - 1, rate, tones, 0.0, 1), h);
        const auto amplitude = dsp::amplitude_spectrum(y);
        const auto bin = [&](double f) { return static_cast<std::size_t>(std::lround(f / bin_width)); };
        fmt::print("tone at {:g} Hz comes out with amplitude {:.6f}\n", f_pass, amplitude[bin(f_pass)]);
        fmt::print("tone at {:g} Hz comes out at {:.2f} dB\n", f_stop, dsp::decibels(amplitude[bin(f_stop)]));
    });
}
