/// @file dsp.hpp
/// @brief Lesson 09's small toolbox: a seeded test signal, FFTW plans that clean up after
/// themselves, the usual window functions and the amplitude spectrum. The demos and the
/// exercises of lesson 09 link it. (Their data files are written with workbook::write_file.)
#pragma once

#include <fftw3.h>

#include <complex>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace dsp {

/// One sine tone: amplitude * sin(2 pi frequency t).
struct Tone {
    double frequency;  ///< in Hz
    double amplitude;  ///< peak value
};

/// n samples at `rate` Hz of the sum of `tones`, plus `offset`, plus Gaussian noise of
/// standard deviation `noise` from a generator seeded with `seed`: the same seed gives the
/// same signal in every run, so outputs can be compared.
std::vector<double> noisy_tones(std::size_t n, double rate, std::span<const Tone> tones, double noise,
                                std::uint64_t seed, double offset = 0.0);

/// An FFTW plan that is destroyed when it goes out of scope. FFTW returns no plan (NULL)
/// when it cannot make one (for example FFTW_WISDOM_ONLY without wisdom): that throws.
class Plan {
public:
    explicit Plan(fftw_plan plan);
    ~Plan();
    Plan(Plan&& other) noexcept;
    Plan& operator=(Plan&& other) noexcept;
    Plan(const Plan&) = delete;
    Plan& operator=(const Plan&) = delete;

    /// Runs the transform on the arrays the plan was made for.
    void execute() const { fftw_execute(plan_); }
    /// The raw plan, for fftw_execute_dft_r2c and friends (new arrays, same shape).
    [[nodiscard]] fftw_plan get() const { return plan_; }

private:
    fftw_plan plan_;
};

/// std::complex<double> is laid out as double[2], which is what FFTW's fftw_complex is: the
/// C++ standard promises it, and FFTW's manual says to cast like this.
inline fftw_complex* as_fftw(std::complex<double>* data) { return reinterpret_cast<fftw_complex*>(data); }

/// The window functions of the lesson, each w[k] for k = 0 .. n-1, symmetric (w[k] = w[n-1-k]).
enum class Window { rectangular, hann, hamming, blackman };
/// The window's name as the lesson prints it ("Hann").
std::string_view window_name(Window window);
/// n samples of the window (n >= 1; a window of 1 sample is [1]).
std::vector<double> make_window(Window window, std::size_t n);

/// The one-sided amplitude spectrum of real samples: for bin k = 0 .. n/2 (frequency
/// k * rate / n), the amplitude a tone at that frequency would need to make that bin.
/// That is |X_k| * 2 / n, except |X_0| / n for the mean and, for even n, the Nyquist bin.
/// One real-to-complex FFT (fftw_plan_dft_r2c_1d, FFTW_ESTIMATE).
std::vector<double> amplitude_spectrum(std::span<const double> samples);

/// The gain |H(f)| of an FIR filter with these taps at `points` frequencies from 0 to half
/// the sampling rate (f = k / (2 (points - 1)) of the rate): the taps zero-padded to
/// 2 (points - 1) samples and transformed with one FFT.
std::vector<double> frequency_response(std::span<const double> taps, std::size_t points);

/// Full convolution of x with the taps h, directly: y[k] = sum over j of h[j] x[k - j], for
/// k = 0 .. n + m - 2; n * m multiply-adds. Empty if either is empty.
std::vector<double> convolve_direct(std::span<const double> x, std::span<const double> h);

/// Gain in decibels: 20 log10(gain), floored at -300 dB for a gain of 0.
double decibels(double gain);

}  // namespace dsp
