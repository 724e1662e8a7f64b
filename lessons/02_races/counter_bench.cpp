/// @file counter_bench.cpp
/// @brief What each fix for a racy counter costs: T threads each add 1 to a count
/// `adds_per_thread` times with a mutex, with an atomic, or in a count of their own merged
/// once. The very functions the `fixed_counters` demo runs (counting.hpp).
#include "counting.hpp"

#include <benchmark/benchmark.h>
#include <workbook/bench.hpp>

namespace {

/// Adds per thread in one benchmark iteration; the Python peer uses the same figure.
constexpr long adds_per_thread = 100'000;

/// One call counts threads * adds_per_thread adds; the report divides the time by that
/// (items_per_second), so its figures are the time per add of all threads together.
template <long (*count)(int, long)>
void count_with(benchmark::State& state) {
    const auto threads = static_cast<int>(state.range(0));
    for (auto _ : state) benchmark::DoNotOptimize(count(threads, adds_per_thread));
    state.SetItemsProcessed(state.iterations() * threads * adds_per_thread);
}

void BM_mutex_counter(benchmark::State& state) { count_with<lesson02::count_with_mutex>(state); }
void BM_atomic_counter(benchmark::State& state) { count_with<lesson02::count_with_atomic>(state); }
void BM_local_counter(benchmark::State& state) { count_with<lesson02::count_locally>(state); }

// One thread (no contention) and two (the counter's cache line moves between cores).
BENCHMARK(BM_mutex_counter)->Apply(workbook::sweep_usable_cpus)->UseRealTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_atomic_counter)->Apply(workbook::sweep_usable_cpus)->UseRealTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_local_counter)->Apply(workbook::sweep_usable_cpus)->UseRealTime()->Unit(benchmark::kMicrosecond);

}  // namespace
