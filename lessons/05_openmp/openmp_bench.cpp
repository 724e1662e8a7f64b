/// @file openmp_bench.cpp
/// @brief Compute-bound against memory-bound: the pi sum scales with threads, the STREAM
/// triad a[i] = b[i] + s * c[i] hardly does, because one core already nearly fills the
/// memory bus. Each on 1, 2, 4, ... threads, up to the usable cores.
#include "kernels.hpp"

#include <workbook/bench.hpp>

#include <benchmark/benchmark.h>
#include <omp.h>

#include <vector>

namespace {

/// pi over 50 million steps on range(0) threads: arithmetic only, no memory traffic.
void BM_pi(benchmark::State& state) {
    omp_set_num_threads(static_cast<int>(state.range(0)));
    for (auto _ : state) benchmark::DoNotOptimize(lesson05::pi_midpoint(50'000'000));
    state.counters["steps"] = benchmark::Counter(5e7, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_pi)->Apply(workbook::sweep_usable_cpus)->Unit(benchmark::kMillisecond)->UseRealTime();

/// STREAM triad over three arrays of 20 million doubles (480 MB, far beyond any cache):
/// 24 bytes move for every 2 flops. Pages are first touched by the same static schedule
/// that uses them, so on a multi-socket machine each thread's part is in its own memory.
void BM_triad(benchmark::State& state) {
    omp_set_num_threads(static_cast<int>(state.range(0)));
    const long n = 20'000'000;
    std::vector<double> a(static_cast<std::size_t>(n)), b(a.size()), c(a.size());
#pragma omp parallel for schedule(static)
    for (long i = 0; i < n; ++i) {
        const auto k = static_cast<std::size_t>(i);
        a[k] = 0.0, b[k] = 1.0, c[k] = 2.0;
    }
    const double s = 3.0;
    for (auto _ : state) {
#pragma omp parallel for schedule(static)
        for (long i = 0; i < n; ++i) {
            const auto k = static_cast<std::size_t>(i);
            a[k] = b[k] + s * c[k];
        }
        benchmark::DoNotOptimize(a.data());
        benchmark::ClobberMemory();
    }
    state.counters["bytes"] =
        benchmark::Counter(24.0 * static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_triad)->Apply(workbook::sweep_usable_cpus)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
