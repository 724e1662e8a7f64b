/// @file pool_bench.cpp
/// @brief What a task costs: 100000 trivial tasks as a serial loop, a chunked map on each
/// pool, and a thread per task; and one task's round trip (submit, then get) on each pool.
/// Times are per task (items_per_second), so they compare with the Python peer's.
#include "process_pool.hpp"
#include "thread_pool.hpp"

#include <benchmark/benchmark.h>
#include <fmt/core.h>
#include <workbook/bench.hpp>
#include <workbook/hardware.hpp>

#include <cerrno>
#include <exception>
#include <numeric>
#include <thread>
#include <vector>

namespace {

constexpr long task_count = 100'000;

long trivial(long x) { return x * x + 1; }

/// Set when a benchmark failed: main's exit code says so.
bool a_benchmark_failed = false;

/// Runs a benchmark's body. A task that fails (a worker killed under it: kill -9, the
/// out-of-memory killer) fails this benchmark with one line on stderr, instead of ending
/// the program through std::terminate; the other benchmarks still run.
template <typename Body>
void or_report(benchmark::State& state, const char* name, Body body) {
    try {
        body();
    } catch (const std::exception& error) {
        fmt::print(stderr, "{}: error: {}: {}\n", program_invocation_short_name, name, error.what());
        state.SkipWithError(error.what());
        a_benchmark_failed = true;
    }
}

std::vector<long> items(long n) {
    std::vector<long> v(static_cast<std::size_t>(n));
    std::iota(v.begin(), v.end(), 0L);
    return v;
}

void BM_serial_loop(benchmark::State& state) {
    const auto input = items(task_count);
    for (auto _ : state) {
        std::vector<long> out(input.size());
        for (std::size_t i = 0; i < input.size(); ++i) out[i] = trivial(input[i]);
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(state.iterations() * task_count);
}
BENCHMARK(BM_serial_loop)->UseRealTime();

void BM_thread_per_task(benchmark::State& state) {
    constexpr long tasks = 1000;  // 100000 threads would take seconds per iteration
    for (auto _ : state) {
        long sum = 0;
        for (long i = 0; i < tasks; ++i) {
            long result = 0;
            std::thread worker([&result, i] { result = trivial(i); });
            worker.join();
            sum += result;
        }
        benchmark::DoNotOptimize(sum);
    }
    state.SetItemsProcessed(state.iterations() * tasks);
}
BENCHMARK(BM_thread_per_task)->UseRealTime();

void BM_threadpool_map_chunked(benchmark::State& state) {
    pools::ThreadPool pool(workbook::usable_cpus());
    const auto input = items(task_count);
    for (auto _ : state) benchmark::DoNotOptimize(pool.map(trivial, input).data());
    state.SetItemsProcessed(state.iterations() * task_count);
}
BENCHMARK(BM_threadpool_map_chunked)->UseRealTime();

void BM_processpool_map_chunked(benchmark::State& state) {
    or_report(state, "BM_processpool_map_chunked", [&] {
        pools::ProcessPool pool(workbook::usable_cpus());
        const auto input = items(task_count);
        for (auto _ : state) benchmark::DoNotOptimize(pool.map(trivial, input).data());
        state.SetItemsProcessed(state.iterations() * task_count);
    });
}
BENCHMARK(BM_processpool_map_chunked)->UseRealTime();

void BM_threadpool_round_trip(benchmark::State& state) {
    pools::ThreadPool pool(workbook::usable_cpus());
    long x = 0;
    for (auto _ : state) benchmark::DoNotOptimize(pool.submit(trivial, ++x).get());
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_threadpool_round_trip)->UseRealTime();

void BM_processpool_round_trip(benchmark::State& state) {
    or_report(state, "BM_processpool_round_trip", [&] {
        pools::ProcessPool pool(workbook::usable_cpus());
        long x = 0;
        for (auto _ : state) benchmark::DoNotOptimize(pool.submit(trivial, ++x).get());
        state.SetItemsProcessed(state.iterations());
    });
}
BENCHMARK(BM_processpool_round_trip)->UseRealTime();

}  // namespace

// benchmark_main's main(), plus an exit code that says whether every benchmark ran
// (Google Benchmark 1.7 itself exits 0 after a benchmark skipped with an error).
int main(int argc, char** argv) {
    workbook::init_benchmarks(argc, argv);  // the program contract: --help, one-line refusals
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return a_benchmark_failed ? 1 : 0;
}
