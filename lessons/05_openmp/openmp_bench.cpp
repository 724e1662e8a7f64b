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
/// 24 bytes move for every 2 flops.
void BM_triad(benchmark::State& state) {
    omp_set_num_threads(static_cast<int>(state.range(0)));
    lesson05::TriadArrays arrays(20'000'000);
    for (auto _ : state) {
        lesson05::triad(arrays);
        benchmark::DoNotOptimize(arrays.a.data());
        benchmark::ClobberMemory();
    }
    state.counters["bytes"] = benchmark::Counter(arrays.bytes(), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_triad)->Apply(workbook::sweep_usable_cpus)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
