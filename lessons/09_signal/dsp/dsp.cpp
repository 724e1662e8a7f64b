/// @file signal.cpp
/// @brief Lesson 09's toolbox (see dsp.hpp).
#include "dsp.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <stdexcept>
#include <utility>

namespace dsp {

std::vector<double> noisy_tones(std::size_t n, double rate, std::span<const Tone> tones, double noise,
                                std::uint64_t seed, double offset) {
    std::mt19937_64 generator(seed);
    std::normal_distribution<double> gaussian(0.0, 1.0);
    std::vector<double> x(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double t = static_cast<double>(i) / rate;
        double value = offset;
        for (const Tone& tone : tones) value += tone.amplitude * std::sin(2.0 * std::numbers::pi * tone.frequency * t);
        x[i] = value + noise * gaussian(generator);
    }
    return x;
}

Plan::Plan(fftw_plan plan) : plan_(plan) {
    if (plan_ == nullptr) throw std::runtime_error("FFTW could not make a plan");
}
Plan::~Plan() {
    if (plan_ != nullptr) fftw_destroy_plan(plan_);
}
Plan::Plan(Plan&& other) noexcept : plan_(std::exchange(other.plan_, nullptr)) {}
Plan& Plan::operator=(Plan&& other) noexcept {
    if (this != &other) {
        if (plan_ != nullptr) fftw_destroy_plan(plan_);
        plan_ = std::exchange(other.plan_, nullptr);
    }
    return *this;
}

std::string_view window_name(Window window) {
    switch (window) {
        case Window::rectangular:
            return "rectangular";
        case Window::hann:
            return "Hann";
        case Window::hamming:
            return "Hamming";
        case Window::blackman:
            return "Blackman";
    }
    return "?";
}

std::vector<double> make_window(Window window, std::size_t n) {
    std::vector<double> w(n, 1.0);
    if (n < 2) return w;
    const double last = static_cast<double>(n - 1);
    for (std::size_t k = 0; k < n; ++k) {
        // The cosine windows: sums of cosines of one period over the n samples.
        const double phase = 2.0 * std::numbers::pi * static_cast<double>(k) / last;
        switch (window) {
            case Window::rectangular:
                break;
            case Window::hann:
                w[k] = 0.5 - 0.5 * std::cos(phase);
                break;
            case Window::hamming:
                w[k] = 0.54 - 0.46 * std::cos(phase);
                break;
            case Window::blackman:
                w[k] = 0.42 - 0.5 * std::cos(phase) + 0.08 * std::cos(2.0 * phase);
                break;
        }
    }
    return w;
}

std::vector<double> amplitude_spectrum(std::span<const double> samples) {
    const std::size_t n = samples.size();
    if (n == 0) return {};
    // FFTW may overwrite its input while planning (not with ESTIMATE, but the habit is
    // cheap): plan on our own copy, then fill it.
    std::vector<double> in(samples.begin(), samples.end());
    std::vector<std::complex<double>> out(n / 2 + 1);
    const Plan plan(fftw_plan_dft_r2c_1d(static_cast<int>(n), in.data(), as_fftw(out.data()), FFTW_ESTIMATE));
    std::copy(samples.begin(), samples.end(), in.begin());
    plan.execute();
    std::vector<double> amplitude(out.size());
    const double count = static_cast<double>(n);
    for (std::size_t k = 0; k < out.size(); ++k) {
        // A tone of amplitude A puts A n / 2 into bin k and again into bin n - k (which the
        // real-to-complex transform does not store): hence 2 / n. The mean and the Nyquist
        // bin have no mirror image.
        const bool unpaired = k == 0 || 2 * k == n;
        amplitude[k] = std::abs(out[k]) * (unpaired ? 1.0 : 2.0) / count;
    }
    return amplitude;
}

std::vector<double> convolve_direct(std::span<const double> x, std::span<const double> h) {
    if (x.empty() || h.empty()) return {};
    const std::size_t n = x.size(), length = n + h.size() - 1;
    // The taps zero-padded to a multiple of 4, and the signal with zeros before and after it:
    // every output then takes every tap (outside the signal they multiply zeros), so the
    // loop below has no edge cases to test.
    const std::size_t m4 = (h.size() + 3) / 4 * 4;
    std::vector<double> taps(h.begin(), h.end());
    taps.resize(m4, 0.0);
    std::vector<double> padded(m4 - 1 + n + m4, 0.0);
    std::copy(x.begin(), x.end(), padded.begin() + static_cast<std::ptrdiff_t>(m4 - 1));
    std::vector<double> y(length, 0.0);
    // Why not `for each tap: for each output: y[k] += h[j] x[k - j]`, the textbook loop? It
    // loads and stores every output once per tap, and 64 K outputs do not stay in the
    // fastest cache. Here a block of outputs (8 KiB: it stays in L1) takes four taps a pass:
    // one load and one store of y[k] for four multiply-adds, the signal streaming past.
    constexpr std::size_t block = 1024;
    for (std::size_t k0 = 0; k0 < length; k0 += block) {
        const std::size_t k1 = std::min(k0 + block, length);
        for (std::size_t j = 0; j < m4; j += 4) {
            // s_t[k] is the signal at k - j - t (padded holds sample i at i + m4 - 1).
            const double* s0 = padded.data() + (m4 - 1 - j);
            const double *s1 = s0 - 1, *s2 = s0 - 2, *s3 = s0 - 3;
            const double h0 = taps[j], h1 = taps[j + 1], h2 = taps[j + 2], h3 = taps[j + 3];
            for (std::size_t k = k0; k < k1; ++k) y[k] += h0 * s0[k] + h1 * s1[k] + h2 * s2[k] + h3 * s3[k];
        }
    }
    return y;
}

std::vector<double> frequency_response(std::span<const double> taps, std::size_t points) {
    const std::size_t nfft = 2 * (std::max<std::size_t>(points, 2) - 1);
    if (taps.size() > nfft) throw std::invalid_argument("frequency_response: more taps than FFT points");
    std::vector<double> padded(nfft, 0.0);
    std::vector<std::complex<double>> out(nfft / 2 + 1);
    const Plan plan(fftw_plan_dft_r2c_1d(static_cast<int>(nfft), padded.data(), as_fftw(out.data()), FFTW_ESTIMATE));
    std::copy(taps.begin(), taps.end(), padded.begin());
    plan.execute();
    std::vector<double> gain(out.size());
    for (std::size_t k = 0; k < out.size(); ++k) gain[k] = std::abs(out[k]);
    return gain;
}

double decibels(double gain) { return gain > 0.0 ? std::max(20.0 * std::log10(gain), -300.0) : -300.0; }

}  // namespace dsp
