/// @file convolution_bench.cpp
/// @brief Direct against FFT convolution of 65536 samples with 16 .. 1024 taps: the direct
/// cost grows with the taps, the FFT's hardly. Beside numpy.convolve (direct) and
/// scipy.signal.fftconvolve (python/convolution_bench.py). The same code as convolution.cpp.
#include "dsp.hpp"

#include <benchmark/benchmark.h>
#include <fftw3.h>

#include <algorithm>
#include <complex>
#include <random>
#include <vector>

namespace {

constexpr std::size_t samples = 65536;

std::vector<double> random_values(std::size_t n, unsigned seed) {
    std::mt19937_64 generator(seed);
    std::uniform_real_distribution<double> uniform(-1.0, 1.0);
    std::vector<double> v(n);
    for (double& x : v) x = uniform(generator);
    return v;
}

/// Full convolution, directly (dsp::convolve_direct: blocks of outputs, four taps a pass).
void BM_convolve_direct(benchmark::State& state) {
    const auto x = random_values(samples, 1);
    const auto h = random_values(static_cast<std::size_t>(state.range(0)), 2);
    std::vector<double> y;
    for (auto _ : state) {
        y = dsp::convolve_direct(x, h);
        benchmark::DoNotOptimize(y.data());
        benchmark::ClobberMemory();
    }
}
BENCHMARK(BM_convolve_direct)->RangeMultiplier(4)->Range(16, 1024)->Unit(benchmark::kMillisecond)->UseRealTime();

/// Full convolution by FFT: both zero-padded to a power of two >= n + m - 1, forward
/// transforms, a product of spectra, one inverse transform (plans made once, FFTW_ESTIMATE).
void BM_convolve_fft(benchmark::State& state) {
    const auto x = random_values(samples, 1);
    const auto h = random_values(static_cast<std::size_t>(state.range(0)), 2);
    std::size_t size = 1;
    while (size < x.size() + h.size() - 1) size *= 2;
    std::vector<double> buffer(size);
    std::vector<std::complex<double>> x_hat(size / 2 + 1), h_hat(size / 2 + 1);
    auto* x_hat_f = reinterpret_cast<fftw_complex*>(x_hat.data());
    auto* h_hat_f = reinterpret_cast<fftw_complex*>(h_hat.data());
    const int n = static_cast<int>(size);
    fftw_plan forward = fftw_plan_dft_r2c_1d(n, buffer.data(), x_hat_f, FFTW_ESTIMATE);
    fftw_plan backward = fftw_plan_dft_c2r_1d(n, x_hat_f, buffer.data(), FFTW_ESTIMATE);
    std::vector<double> y(x.size() + h.size() - 1);
    for (auto _ : state) {
        std::fill(buffer.begin(), buffer.end(), 0.0);
        std::copy(h.begin(), h.end(), buffer.begin());
        fftw_execute_dft_r2c(forward, buffer.data(), h_hat_f);
        std::fill(buffer.begin(), buffer.end(), 0.0);
        std::copy(x.begin(), x.end(), buffer.begin());
        fftw_execute(forward);
        for (std::size_t k = 0; k < x_hat.size(); ++k) x_hat[k] *= h_hat[k];
        fftw_execute(backward);
        const double scale = 1.0 / static_cast<double>(size);
        for (std::size_t i = 0; i < y.size(); ++i) y[i] = buffer[i] * scale;
        benchmark::DoNotOptimize(y.data());
        benchmark::ClobberMemory();
    }
    fftw_destroy_plan(forward);
    fftw_destroy_plan(backward);
}
BENCHMARK(BM_convolve_fft)->RangeMultiplier(4)->Range(16, 1024)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
