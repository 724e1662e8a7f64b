/// @file thread_bench.cpp
/// @brief What a thread costs: starting a new thread per task vs handing tasks to one
/// thread that is already running (the idea behind lesson 04's pools).
#include <benchmark/benchmark.h>

#include <semaphore>
#include <thread>

namespace {

/// A new thread for every task: create it, let it run an empty task, join it.
void BM_thread_per_task(benchmark::State& state) {
    for (auto _ : state) {
        std::thread worker([] { benchmark::ClobberMemory(); });
        worker.join();
    }
}
BENCHMARK(BM_thread_per_task)->UseRealTime();

/// One thread started once; each task is a round trip: wake it, wait until it is done.
void BM_reused_thread(benchmark::State& state) {
    std::binary_semaphore task_ready{0};
    std::binary_semaphore task_done{0};
    bool stop = false;
    std::thread worker([&] {
        while (true) {
            task_ready.acquire();
            if (stop) return;
            benchmark::ClobberMemory();  // the (empty) task
            task_done.release();
        }
    });
    for (auto _ : state) {
        task_ready.release();
        task_done.acquire();
    }
    stop = true;
    task_ready.release();
    worker.join();
}
BENCHMARK(BM_reused_thread)->UseRealTime();

}  // namespace
