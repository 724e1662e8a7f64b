/// @file pool_bench.cpp
/// @brief What a task costs: 100000 trivial tasks as a serial loop, a chunked map on each
/// pool, and a thread per task; and one task's round trip (submit, then get) on each pool.
/// Times are per task (items_per_second), so they compare with the Python peer's.
#include "process_pool.hpp"
#include "thread_pool.hpp"

#include <benchmark/benchmark.h>

#include <numeric>
#include <thread>
#include <vector>

namespace {

constexpr long task_count = 100'000;

long trivial(long x) { return x * x + 1; }

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
    pools::ThreadPool pool(2);
    const auto input = items(task_count);
    for (auto _ : state) benchmark::DoNotOptimize(pool.map(trivial, input).data());
    state.SetItemsProcessed(state.iterations() * task_count);
}
BENCHMARK(BM_threadpool_map_chunked)->UseRealTime();

void BM_processpool_map_chunked(benchmark::State& state) {
    pools::ProcessPool pool(2);
    const auto input = items(task_count);
    for (auto _ : state) benchmark::DoNotOptimize(pool.map(trivial, input).data());
    state.SetItemsProcessed(state.iterations() * task_count);
}
BENCHMARK(BM_processpool_map_chunked)->UseRealTime();

void BM_threadpool_round_trip(benchmark::State& state) {
    pools::ThreadPool pool(2);
    long x = 0;
    for (auto _ : state) benchmark::DoNotOptimize(pool.submit(trivial, ++x).get());
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_threadpool_round_trip)->UseRealTime();

void BM_processpool_round_trip(benchmark::State& state) {
    pools::ProcessPool pool(2);
    long x = 0;
    for (auto _ : state) benchmark::DoNotOptimize(pool.submit(trivial, ++x).get());
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_processpool_round_trip)->UseRealTime();

}  // namespace
