/// @file spawn_bench.cpp
/// @brief What a process costs: starting one per task (fork + waitpid, or posix_spawn of
/// a program) against starting a thread (lesson 01), from a small parent and from one that
/// holds 256 MiB. Beside Python's threading, os.fork, multiprocessing.Process and
/// os.posix_spawn on the same machine.
#include "process.hpp"

#include <benchmark/benchmark.h>

#include <spawn.h>
#include <cstddef>
#include <thread>
#include <vector>

namespace {

/// fork() a copy of this process that leaves at once, and wait for it.
void fork_and_wait() {
    const pid_t pid = workbook::checked(fork(), "fork");
    if (pid == 0) _exit(0);
    benchmark::DoNotOptimize(lesson03::wait_for(pid));
}

/// posix_spawn() a new program and wait for it: /bin/true, the smallest program there is,
/// so that both languages start the very same executable. False if it could not start.
bool spawn_and_wait() {
    char name[] = "true";
    char* argv[] = {name, nullptr};
    pid_t pid = 0;
    if (posix_spawn(&pid, "/bin/true", nullptr, nullptr, argv, environ) != 0) return false;
    benchmark::DoNotOptimize(lesson03::wait_for(pid));
    return true;
}

/// 256 MiB the process has written to, so every page of it is really mapped.
std::vector<std::byte> big_memory() {
    std::vector<std::byte> memory(std::size_t{256} << 20, std::byte{1});
    benchmark::DoNotOptimize(memory.data());
    return memory;
}

/// The baseline: a thread that runs an empty task, created and joined (lesson 01).
void BM_thread_create_join(benchmark::State& state) {
    for (auto _ : state) {
        std::thread worker([] { benchmark::ClobberMemory(); });
        worker.join();
    }
}
BENCHMARK(BM_thread_create_join)->UseRealTime();

void BM_fork_waitpid(benchmark::State& state) {
    for (auto _ : state) fork_and_wait();
}
BENCHMARK(BM_fork_waitpid)->UseRealTime();

/// The lesson's way to run a function in a child, as t06.py does with
/// multiprocessing.Process(target=f).start() and join().
void BM_process_start_join(benchmark::State& state) {
    for (auto _ : state) {
        const pid_t pid = lesson03::start_child([] { benchmark::ClobberMemory(); });
        benchmark::DoNotOptimize(lesson03::wait_for(pid));
    }
}
BENCHMARK(BM_process_start_join)->UseRealTime();

void BM_posix_spawn(benchmark::State& state) {
    for (auto _ : state) {
        if (!spawn_and_wait()) {
            state.SkipWithError("posix_spawn of /bin/true failed");
            break;
        }
    }
}
BENCHMARK(BM_posix_spawn)->UseRealTime();

/// fork() from a parent that holds 256 MiB: fork copies the page tables that map it (the
/// pages themselves are shared until one side writes to them: copy-on-write).
void BM_fork_waitpid_256MiB(benchmark::State& state) {
    const auto memory = big_memory();
    for (auto _ : state) fork_and_wait();
}
BENCHMARK(BM_fork_waitpid_256MiB)->UseRealTime();

/// posix_spawn() from the same big parent: the new program never gets a copy of the
/// parent's memory, so its cost does not grow with it.
void BM_posix_spawn_256MiB(benchmark::State& state) {
    const auto memory = big_memory();
    for (auto _ : state) {
        if (!spawn_and_wait()) {
            state.SkipWithError("posix_spawn of /bin/true failed");
            break;
        }
    }
}
BENCHMARK(BM_posix_spawn_256MiB)->UseRealTime();

}  // namespace
