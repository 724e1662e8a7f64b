/// @file pool_bench.cpp
/// @brief What a task costs in the MPI pool: the same tiny task computed in place, sent to
/// one worker and waited for (a round trip), and streamed through the whole pool.
///
/// An MPI benchmark writes its own main(): rank 0 runs Google Benchmark as the pool's
/// master; every other rank is a worker, serving tasks until the benchmarks are done and
/// rank 0 sends the stop tag. Start it on 2 ranks or more:
///     build/default/bin/wb_mpiexec 2 build/default/bin/07_mpi_pool.pool_bench
#include "pool.hpp"

#include <workbook/bench.hpp>
#include <workbook/cli.hpp>
#include <workbook/mpi.hpp>

#include <benchmark/benchmark.h>
#include <fmt/core.h>

#include <cstdio>
#include <string_view>
#include <vector>

namespace {

/// The task: as small as a task can be (lesson 04's bench uses the same), so that what is
/// measured is the pool's own cost per task.
long tiny(long x) { return x * x + 1; }

int workers() {
    int size = 1;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    return size - 1;
}

/// Baseline: the task in place, no messages at all.
void BM_serial(benchmark::State& state) {
    long x = 0;
    for (auto _ : state) benchmark::DoNotOptimize(tiny(x++));
    state.SetItemsProcessed(state.iterations());
}

/// One task at a time to one worker: hand it out, wait for the reply. This is what a master
/// pays per task when it waits for each result before sending the next (two messages, a
/// round trip between processes).
void BM_round_trip(benchmark::State& state) {
    const std::vector<long> one_task = {3};
    for (auto _ : state) {
        // Not const: Google Benchmark 1.8+ deprecates DoNotOptimize of a const value.
        auto outcomes = lesson07::run_tasks(one_task, 1);
        benchmark::DoNotOptimize(outcomes.front().value);
    }
    state.SetItemsProcessed(state.iterations());
}

/// A batch of state.range(0) tasks through every worker, as master_worker does it: one task
/// in flight per worker, the next one to whoever answers. Per task (items).
void BM_pool(benchmark::State& state) {
    std::vector<long> batch(static_cast<std::size_t>(state.range(0)));
    for (std::size_t i = 0; i < batch.size(); ++i) batch[i] = static_cast<long>(i);
    for (auto _ : state) {
        auto outcomes = lesson07::run_tasks(batch, workers());
        benchmark::DoNotOptimize(outcomes.back().value);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
    state.counters["workers"] = workers();
}

BENCHMARK(BM_serial);
BENCHMARK(BM_round_trip)->UseRealTime();
BENCHMARK(BM_pool)->Arg(1000)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
    workbook::mpi::Session mpi(argc, argv);
    // Every rank reads the same command line, so every rank reaches the same verdict: a bad
    // flag is one line from rank 0 and exit code 2 on every rank (the Session's exit policy).
    workbook::init_benchmarks(
        argc, argv,
        "Lesson 07 benchmark: the cost of one task in the MPI master-worker pool (a tiny task\n"
        "in place, as a round trip to one worker, and streamed through all the workers).\n"
        "Usage: build/default/bin/wb_mpiexec 2 build/default/bin/07_mpi_pool.pool_bench [Google Benchmark options]\n"
        "(from the repository root; 2 ranks or more)");
    if (mpi.size() < 2) {
        workbook::usage_error("the pool needs a master and at least one worker (start it on 2 ranks or more)");
    }
    return workbook::mpi::run([&] {
        if (mpi.is_root()) {
            benchmark::RunSpecifiedBenchmarks();
            benchmark::Shutdown();
            lesson07::stop_workers(mpi.size() - 1);  // the workers leave serve() and finish
        } else {
            lesson07::serve(tiny);
        }
    });
}
