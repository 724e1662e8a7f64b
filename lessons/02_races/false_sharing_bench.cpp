/// @file false_sharing_bench.cpp
/// @brief What false sharing costs: each thread adds 1 to its own counter, with the counters
/// side by side in one cache line or padded to a line each. The very function the
/// `false_sharing` demo runs (counting.hpp).
#include "counting.hpp"

#include <benchmark/benchmark.h>
#include <workbook/bench.hpp>

namespace {

/// Adds per thread in one benchmark iteration.
constexpr long adds_per_thread = 1'000'000;

/// Timed per add of all threads together (items_per_second), as counter_bench is.
template <typename Slot>
void count_in(benchmark::State& state) {
    const auto threads = static_cast<int>(state.range(0));
    for (auto _ : state) benchmark::DoNotOptimize(lesson02::count_in_slots<Slot>(threads, adds_per_thread));
    state.SetItemsProcessed(state.iterations() * threads * adds_per_thread);
}

void BM_false_shared(benchmark::State& state) { count_in<lesson02::PackedSlot>(state); }
void BM_padded(benchmark::State& state) { count_in<lesson02::PaddedSlot>(state); }

// With one thread nothing is shared: both layouts should take the same time. With two,
// ideally too (twice the work on twice the cores); false sharing makes the packed one slower.
BENCHMARK(BM_false_shared)->Apply(workbook::sweep_usable_cpus)->UseRealTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_padded)->Apply(workbook::sweep_usable_cpus)->UseRealTime()->Unit(benchmark::kMicrosecond);

}  // namespace
