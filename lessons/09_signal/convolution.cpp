/// @file convolution.cpp
/// @brief Filtering is convolution. Direct convolution costs n * m multiply-adds for n samples
/// and m taps; by the convolution theorem it is also a product of spectra: FFT both, multiply,
/// inverse FFT, about 3 FFTs of length n + m - 1 whatever m is. Short filters: direct wins;
/// long filters: FFT wins. This demo times both and finds where they cross.
#include "dsp.hpp"

#include <workbook/cli.hpp>
#include <workbook/files.hpp>
#include <workbook/hardware.hpp>
#include <workbook/stopwatch.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace {

/// Full convolution by FFT. Both inputs are zero-padded to `size` >= n + m - 1 samples, so the
/// FFT's circular convolution has room for the whole result and nothing wraps around.
class FftConvolver {
public:
    explicit FftConvolver(std::size_t size)
        : size_(size),
          buffer_(size),
          x_hat_(size / 2 + 1),
          h_hat_(size / 2 + 1),
          forward_(
              fftw_plan_dft_r2c_1d(static_cast<int>(size), buffer_.data(), dsp::as_fftw(x_hat_.data()), FFTW_ESTIMATE)),
          backward_(fftw_plan_dft_c2r_1d(static_cast<int>(size), dsp::as_fftw(x_hat_.data()), buffer_.data(),
                                         FFTW_ESTIMATE)) {}

    std::vector<double> convolve(const std::vector<double>& x, const std::vector<double>& h) {
        const std::size_t outputs = x.size() + h.size() - 1;
        // Spectrum of h: the same plan on other arrays of the same shape (fftw_execute_dft_r2c).
        std::fill(buffer_.begin(), buffer_.end(), 0.0);
        std::copy(h.begin(), h.end(), buffer_.begin());
        fftw_execute_dft_r2c(forward_.get(), buffer_.data(), dsp::as_fftw(h_hat_.data()));
        std::fill(buffer_.begin(), buffer_.end(), 0.0);
        std::copy(x.begin(), x.end(), buffer_.begin());
        forward_.execute();
        // The convolution theorem: convolution in time is multiplication in frequency.
        for (std::size_t k = 0; k < x_hat_.size(); ++k) x_hat_[k] *= h_hat_[k];
        backward_.execute();  // FFTW's inverse is not normalised: it returns size times the result
        std::vector<double> y(buffer_.begin(), buffer_.begin() + static_cast<long>(outputs));
        for (double& v : y) v /= static_cast<double>(size_);
        return y;
    }

private:
    std::size_t size_;
    std::vector<double> buffer_;
    std::vector<std::complex<double>> x_hat_, h_hat_;
    dsp::Plan forward_, backward_;
};

/// The smallest power of two >= n: FFTW is fastest on sizes with small prime factors.
std::size_t fft_size(std::size_t n) {
    std::size_t size = 1;
    while (size < n) size *= 2;
    return size;
}

}  // namespace

int main(int argc, char** argv) {
    long n = 65536, max_taps = 1024;
    int repeats = 5;
    std::string output;
    workbook::Cli cli{
        "Lesson 09: convolution of n samples with m taps, directly (n * m multiply-adds) and by FFT\n"
        "(three transforms of length >= n + m - 1), for m = 4, 8, ... up to --max-taps; where do\n"
        "they cross? --output writes taps, direct_ms, fft_ms for plotting."};
    cli.option("--n", n, "samples of the signal", workbook::between(16, 1 << 24));
    cli.option("--max-taps", max_taps, "longest filter (4, 8, ... up to this)", workbook::between(4, 1 << 16));
    cli.option("--repeats", repeats, "timed runs of each, the best is shown", workbook::between(1, 100));
    cli.option("--output", output, "write the timings to this text file (none if empty)");
    cli.parse(argc, argv);
    // Memory: the signal, both results and the FFT's arrays (up to 4 n points): about 80 bytes
    // a sample. Time, each of --repeats runs (plus one untimed): the direct sums at about 0.2 ns
    // a multiply-add, m per sample for m = 4, 8, .. max_taps (2 max_taps in all), and an FFT
    // convolution of some 30 ns a sample for each m (measured once on a 2-core test machine).
    const double samples = static_cast<double>(n), lengths = std::log2(static_cast<double>(max_taps)) - 1;
    workbook::announce_cost(fmt::format("convolutions of {} samples with up to {} taps", n, max_taps), 80 * samples,
                            (repeats + 1) * samples * (0.2e-9 * 2 * static_cast<double>(max_taps) + 30e-9 * lengths));

    return workbook::run([&] {
        std::mt19937_64 generator(42);
        std::uniform_real_distribution<double> uniform(-1.0, 1.0);
        std::vector<double> x(static_cast<std::size_t>(n));
        for (double& v : x) v = uniform(generator);
        fmt::print("convolution of {} samples with m taps, best of {} runs\n", n, repeats);
        fmt::print("{:>6} {:>12} {:>12} {:>8}  {}\n", "taps", "direct", "FFT", "FFT size", "largest difference");

        std::string rows;
        long crossover = 0;
        for (long m = 4; m <= max_taps; m *= 2) {
            std::vector<double> h(static_cast<std::size_t>(m));
            for (double& v : h) v = uniform(generator);
            const std::size_t size = fft_size(x.size() + h.size() - 1);
            FftConvolver fft(size);  // plans made once, outside the timing, as a real program would
            std::vector<double> direct, by_fft;
            const double t_direct = workbook::best_of_seconds(repeats, [&] { direct = dsp::convolve_direct(x, h); });
            const double t_fft = workbook::best_of_seconds(repeats, [&] { by_fft = fft.convolve(x, h); });
            double difference = 0.0;
            for (std::size_t i = 0; i < direct.size(); ++i)
                difference = std::max(difference, std::abs(direct[i] - by_fft[i]));
            // Both give the same result up to round-off: the FFT's error grows like log(size).
            if (difference > 1e-9 * static_cast<double>(m)) {
                throw std::runtime_error(
                    fmt::format("direct and FFT convolution differ by {:g} at {} taps", difference, m));
            }
            if (crossover == 0 && t_fft < t_direct) crossover = m;
            fmt::print("{:>6} {:>9.3f} ms {:>9.3f} ms {:>8}  {:.1e}\n", m, t_direct * 1e3, t_fft * 1e3, size,
                       difference);
            rows += fmt::format("{} {:.6f} {:.6f}\n", m, t_direct * 1e3, t_fft * 1e3);
        }
        if (crossover > 0) {
            fmt::print("the FFT is faster from {} taps on (on this machine, at this n)\n", crossover);
        } else {
            fmt::print("direct convolution was faster at every length up to {} taps\n", max_taps);
        }

        if (!output.empty()) {
            workbook::write_file(output, fmt::format("# convolution of {} samples, best of {} runs\n"
                                                     "# taps direct_ms fft_ms\n{}",
                                                     n, repeats, rows));
            fmt::print("wrote the timings (taps direct_ms fft_ms) to {}\n", output);
        }
    });
}
