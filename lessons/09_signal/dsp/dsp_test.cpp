/// @file dsp_test.cpp
/// @brief Lesson 09's toolbox does what the lesson text says it does.
#include "dsp.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

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
