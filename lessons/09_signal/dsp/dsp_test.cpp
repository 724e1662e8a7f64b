/// @file dsp_test.cpp
/// @brief Lesson 09's toolbox does what the lesson text says it does.
#include "dsp.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <random>
#include <vector>

TEST(noisy_tones, same_seed_same_signal_other_seed_other_noise) {
    const dsp::Tone tone[] = {{50.0, 1.0}};
    EXPECT_EQ(dsp::noisy_tones(256, 1000.0, tone, 0.5, 7), dsp::noisy_tones(256, 1000.0, tone, 0.5, 7));
    EXPECT_NE(dsp::noisy_tones(256, 1000.0, tone, 0.5, 7), dsp::noisy_tones(256, 1000.0, tone, 0.5, 8));
}

TEST(amplitude_spectrum, a_tone_on_a_bin_shows_its_amplitude_and_the_offset_its_value) {
    // 1000 samples at 1000 Hz: bins 1 Hz apart, so 50 Hz is bin 50.
    const dsp::Tone tone[] = {{50.0, 0.7}};
    const auto amplitude = dsp::amplitude_spectrum(dsp::noisy_tones(1000, 1000.0, tone, 0.0, 1, 0.25));
    ASSERT_EQ(amplitude.size(), 501u);
    EXPECT_NEAR(amplitude[50], 0.7, 1e-12);
    EXPECT_NEAR(amplitude[0], 0.25, 1e-12);
    EXPECT_NEAR(amplitude[51], 0.0, 1e-12);
}

TEST(amplitude_spectrum, parseval_holds_for_odd_and_even_lengths) {
    for (std::size_t n : {999u, 1000u}) {
        const dsp::Tone tones[] = {{50.0, 0.7}, {120.0, 1.0}};
        const auto x = dsp::noisy_tones(n, 1000.0, tones, 2.0, 3);
        const auto a = dsp::amplitude_spectrum(x);
        // From amplitudes back to energy: (a_k n / 2)^2 for a paired bin, twice; (a_0 n)^2 once.
        double energy = 0.0;
        for (std::size_t k = 0; k < a.size(); ++k) {
            const bool unpaired = k == 0 || 2 * k == n;
            const double magnitude = a[k] * static_cast<double>(n) / (unpaired ? 1.0 : 2.0);
            energy += (unpaired ? 1.0 : 2.0) * magnitude * magnitude;
        }
        energy /= static_cast<double>(n);
        const double direct = std::inner_product(x.begin(), x.end(), x.begin(), 0.0);
        EXPECT_NEAR(energy / direct, 1.0, 1e-12) << "n = " << n;
    }
}

TEST(make_window, windows_are_symmetric_and_have_their_textbook_ends) {
    for (auto w : {dsp::Window::rectangular, dsp::Window::hann, dsp::Window::hamming, dsp::Window::blackman}) {
        const auto v = dsp::make_window(w, 101);
        for (std::size_t k = 0; k < v.size(); ++k) EXPECT_NEAR(v[k], v[100 - k], 1e-15);
        EXPECT_NEAR(v[50], 1.0, 1e-12) << dsp::window_name(w);  // every window peaks at 1 in the middle
    }
    EXPECT_NEAR(dsp::make_window(dsp::Window::hann, 101)[0], 0.0, 1e-15);
    EXPECT_NEAR(dsp::make_window(dsp::Window::hamming, 101)[0], 0.08, 1e-15);
    EXPECT_NEAR(dsp::make_window(dsp::Window::blackman, 101)[0], 0.0, 1e-15);
}

TEST(frequency_response, a_two_tap_average_passes_dc_and_blocks_nyquist) {
    const double taps[] = {0.5, 0.5};
    const auto gain = dsp::frequency_response(taps, 65);
    ASSERT_EQ(gain.size(), 65u);
    EXPECT_NEAR(gain.front(), 1.0, 1e-15);
    EXPECT_NEAR(gain.back(), 0.0, 1e-15);
    EXPECT_NEAR(gain[32], std::sqrt(0.5), 1e-15);  // cos(pi/4) at a quarter of the rate
}

// The blocked, four-taps-a-pass loop against the textbook definition, for tap counts that
// are and are not multiples of four, filters longer than the signal, and one sample.
TEST(convolve_direct, matches_the_textbook_sum_at_every_size) {
    std::mt19937_64 generator(3);
    std::uniform_real_distribution<double> uniform(-1.0, 1.0);
    for (const std::size_t n : {1, 2, 7, 1500, 2100}) {
        for (const std::size_t m : {1, 3, 4, 5, 8, 17, 1030}) {
            std::vector<double> x(n), h(m);
            for (double& v : x) v = uniform(generator);
            for (double& v : h) v = uniform(generator);
            std::vector<double> expected(n + m - 1, 0.0);
            for (std::size_t i = 0; i < n; ++i)
                for (std::size_t j = 0; j < m; ++j) expected[i + j] += h[j] * x[i];
            const auto y = dsp::convolve_direct(x, h);
            ASSERT_EQ(y.size(), expected.size()) << "n " << n << " m " << m;
            for (std::size_t k = 0; k < y.size(); ++k)
                ASSERT_NEAR(y[k], expected[k], 1e-12) << "n " << n << " m " << m << " k " << k;
        }
    }
    EXPECT_TRUE(dsp::convolve_direct(std::vector<double>{}, std::vector<double>{1.0}).empty());
}
