/// @file pool_tour.cpp
/// @brief The course's t07.py line by line, once with a ThreadPool and once with a
/// ProcessPool: map, unordered results, an async task, worker PIDs, and a timeout.
#include "process_pool.hpp"
#include "thread_pool.hpp"

#include <workbook/cli.hpp>
#include <workbook/print.hpp>

#include <fmt/core.h>

#include <unistd.h>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <numeric>
#include <stop_token>
#include <string>

namespace {

long f(long x) { return x * x; }

/// os.getpid() as a task: which process ran it.
long process_id() { return getpid(); }

/// time.sleep(seconds) for a worker process: a process can simply be killed.
long sleep_in_process(long seconds) {
    sleep(static_cast<unsigned>(seconds));
    return seconds;
}

/// time.sleep(seconds) for a worker thread. A thread cannot be killed, only asked to
/// stop: this sleep ends early when the pool asks (std::stop_token, as in lesson 01).
long sleep_in_thread(std::stop_token stop, long seconds) {
    std::mutex mutex;
    std::condition_variable_any never_notified;
    std::unique_lock lock(mutex);
    never_notified.wait_for(lock, stop, std::chrono::seconds(seconds), [] { return false; });
    return seconds;
}

/// The tour, the same for both pools: `Pool` is ThreadPool or ProcessPool.
template <typename Pool, typename Sleep>
void tour(Pool& pool, Sleep sleep_task, long sleep_seconds, double patience_seconds) {
    const auto patience = std::chrono::duration<double>(patience_seconds);
    std::vector<long> numbers(10);
    std::iota(numbers.begin(), numbers.end(), 0L);

    // print "[0, 1, 4,..., 81]"
    fmt::print("{}\n", workbook::python_list(pool.map(f, numbers)));

    // print same numbers in arbitrary order
    for (long x : pool.map_unordered(f, numbers)) fmt::print("{}\n", x);

    // evaluate "f(20)" asynchronously: runs in only one worker
    auto result = pool.submit(f, 20L);
    fmt::print("{}\n", result.get(patience));  // prints "400"

    // evaluate "os.getpid()" asynchronously
    auto pid = pool.submit(process_id);
    fmt::print("{}\n", pid.get(patience));  // prints the PID of that worker

    // launching multiple evaluations asynchronously *may* use more workers
    std::vector<decltype(pool.submit(process_id))> pids;
    for (int i = 0; i < 4; ++i) pids.push_back(pool.submit(process_id));
    std::vector<long> got;
    for (auto& p : pids) got.push_back(p.get(patience));
    fmt::print("{}\n", workbook::python_list(got));

    // make a single worker sleep for 10 secs
    auto sleeper = pool.submit(sleep_task, sleep_seconds);
    try {
        fmt::print("{}\n", sleeper.get(patience));
    } catch (const pools::TimeoutError&) { fmt::print("We lacked patience and got a TimeoutError\n"); }
}  // the pool goes out of scope in the caller: the sleeping worker is stopped, not waited for

}  // namespace

int main(int argc, char** argv) {
    int workers = 4;
    long sleep_seconds = 10;
    double patience = 1.0;
    std::string which = "both";
    workbook::Cli cli{
        "Lesson 04: the course's t07.py, with a ThreadPool and with a ProcessPool.\n"
        "Pool(4): map, imap_unordered, apply_async(...).get(timeout=1), worker PIDs,\n"
        "and a 10 s sleep that runs out of patience after 1 s."};
    cli.option("--workers", workers, "workers in each pool", workbook::between(1, 256));
    cli.option("--sleep", sleep_seconds, "seconds the last task sleeps", workbook::between(0, 3600));
    cli.option("--patience", patience, "seconds to wait for each result", workbook::between(0.001, 3600));
    cli.option("--pool", which, "thread, process or both");
    cli.parse(argc, argv);
    if (which != "thread" && which != "process" && which != "both") {
        workbook::usage_error(fmt::format("--pool: '{}' is not thread, process or both", which));
    }

    return workbook::run([&] {
        if (which != "process") {
            fmt::print("== ThreadPool({}): threads of this one process (PID {})\n", workers, getpid());
            pools::ThreadPool pool(workers);
            tour(pool, sleep_in_thread, sleep_seconds, patience);
        }
        if (which == "both") fmt::print("\n");
        if (which != "thread") {
            fmt::print("== ProcessPool({}): worker processes forked from this one (PID {})\n", workers, getpid());
            pools::ProcessPool pool(workers);
            tour(pool, sleep_in_process, sleep_seconds, patience);
        }
    });
}
