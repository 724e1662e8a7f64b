/// @file fft_bench.cpp
/// @brief FFTs of 2^20 points with FFTW: complex with a FFTW_MEASURE plan and real-to-complex,
/// each on 1, 2, 4, ... threads up to the usable cores, and complex with a FFTW_ESTIMATE plan
/// on 1; beside scipy.fft.fft and scipy.fft.rfft (python/fft_bench.py) in the same run.
/// Plans are made once, outside the timed loop: planning is a one-off cost (see fft_threads).
#include <workbook/hardware.hpp>

#include <benchmark/benchmark.h>
#include <fftw3.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <random>
#include <tuple>

namespace {

/// The bench's smoke test (a CTest run) sets WORKBOOK_FFTW_PLAN=estimate: it checks that the
/// code runs, and FFTW_MEASURE planning would cost it seconds at 2^20.
unsigned measure_flag() {
    const char* plan = std::getenv("WORKBOOK_FFTW_PLAN");
    return plan != nullptr && std::strcmp(plan, "estimate") == 0 ? FFTW_ESTIMATE : FFTW_MEASURE;
}

/// A complex transform (c2c) or a real-to-complex one (r2c, the half spectrum of real data).
enum class Kind { complex, real };

/// Input and output arrays (aligned by fftw_alloc_*) and one plan for them, kept for the whole
/// run: Google Benchmark calls a benchmark function several times.
class Transform {
public:
    Transform(Kind kind, int n, int threads, unsigned flags) {
        const auto size = static_cast<std::size_t>(n);
        fftw_plan_with_nthreads(threads);
        // An ESTIMATE plan would use the wisdom earlier MEASURE plans left behind: forget it, so
        // this is the plan FFTW guesses without measuring (the plans already made are kept).
        if (flags == FFTW_ESTIMATE) fftw_forget_wisdom();
        std::mt19937_64 generator(1);
        std::normal_distribution<double> gaussian;
        if (kind == Kind::complex) {
            in_ = fftw_alloc_complex(size);
            out_ = fftw_alloc_complex(size);
            plan_ = fftw_plan_dft_1d(n, in_, out_, FFTW_FORWARD, flags);
            // Fill after planning: FFTW_MEASURE runs trial transforms on the arrays.
            for (std::size_t i = 0; i < size; ++i) in_[i][0] = gaussian(generator), in_[i][1] = gaussian(generator);
        } else {
            real_in_ = fftw_alloc_real(size);
            out_ = fftw_alloc_complex(size / 2 + 1);
            plan_ = fftw_plan_dft_r2c_1d(n, real_in_, out_, flags);
            for (std::size_t i = 0; i < size; ++i) real_in_[i] = gaussian(generator);
        }
    }
    ~Transform() {
        fftw_destroy_plan(plan_);
        fftw_free(in_);
        fftw_free(real_in_);
        fftw_free(out_);
    }
    Transform(const Transform&) = delete;
    Transform& operator=(const Transform&) = delete;

    void execute() const { fftw_execute(plan_); }
    [[nodiscard]] const fftw_complex* output() const { return out_; }

private:
    fftw_complex* in_ = nullptr;
    double* real_in_ = nullptr;
    fftw_complex* out_ = nullptr;
    fftw_plan plan_ = nullptr;
};

const Transform& transform(Kind kind, const benchmark::State& state, unsigned flags) {
    static const bool threads_ready = fftw_init_threads() != 0;
    if (!threads_ready) std::abort();
    const auto n = static_cast<int>(state.range(0)), threads = static_cast<int>(state.range(1));
    static std::map<std::tuple<Kind, int, int, unsigned>, std::unique_ptr<Transform>> plans;
    auto& slot = plans[{kind, n, threads, flags}];
    if (!slot) slot = std::make_unique<Transform>(kind, n, threads, flags);
    return *slot;
}

/// 2^20 points on 1, 2, 4, ... threads, up to the usable CPUs.
void every_thread_count(benchmark::internal::Benchmark* b) {
    for (const int threads : workbook::thread_sweep()) b->Args({1 << 20, threads});
    b->ArgNames({"n", "threads"});
}

void run(benchmark::State& state, const Transform& t) {
    for (auto _ : state) {
        t.execute();
        benchmark::DoNotOptimize(t.output());
        benchmark::ClobberMemory();
    }
}

/// Complex FFT of range(0) points on range(1) threads, with the plan FFTW_MEASURE found fastest.
void BM_fft(benchmark::State& state) { run(state, transform(Kind::complex, state, measure_flag())); }
BENCHMARK(BM_fft)->Apply(every_thread_count)->Unit(benchmark::kMillisecond)->UseRealTime();

/// The same transform with the plan FFTW_ESTIMATE guesses without measuring anything.
void BM_fft_estimate(benchmark::State& state) { run(state, transform(Kind::complex, state, FFTW_ESTIMATE)); }
BENCHMARK(BM_fft_estimate)
    ->Args({1 << 20, 1})
    ->ArgNames({"n", "threads"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

/// Real-to-complex FFT of range(0) real samples (scipy.fft.rfft): half the work of BM_fft.
void BM_rfft(benchmark::State& state) { run(state, transform(Kind::real, state, measure_flag())); }
BENCHMARK(BM_rfft)->Apply(every_thread_count)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
