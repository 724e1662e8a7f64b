/// @file get_with_timeout.deadline.cpp
/// @brief A correct get_with_timeout written with a deadline and short waits. Exercise: wait for a result, but not forever. get_with_timeout() returns the
/// value if it comes within the patience, and throws TimeoutError otherwise: Python's
/// `res.get(timeout=1)`.
#include "async_result.hpp"

#include <workbook/cli.hpp>

#include <fmt/core.h>

#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <stop_token>
#include <thread>
#include <vector>

using std::chrono::milliseconds;

/// Waits at most `patience` for `future`: its value, or pools::TimeoutError.
long get_with_timeout(std::future<long>& future, milliseconds patience) {
    // Written differently: a deadline, and short waits until the value is there or the
    // deadline has passed.
    const auto deadline = std::chrono::steady_clock::now() + patience;
    while (future.wait_for(milliseconds(1)) != std::future_status::ready) {
        if (std::chrono::steady_clock::now() >= deadline) throw pools::TimeoutError();
    }
    return future.get();
}

/// A task that sleeps `ms` milliseconds and returns `value`; it stops early when asked.
long slow_task(std::stop_token stop, long ms, long value) {
    std::mutex mutex;
    std::condition_variable_any never_notified;
    std::unique_lock lock(mutex);
    if (never_notified.wait_for(lock, stop, milliseconds(ms), [] { return false; })) return -1;
    return value;
}

int main(int argc, char** argv) {
    long patience_ms = 500;
    workbook::Cli cli{"Lesson 04 exercise 'get_with_timeout': wait for results with a timeout."};
    cli.option("--patience-ms", patience_ms, "how long to wait for each result", workbook::between(1, 60'000));
    cli.parse(argc, argv);

    return workbook::run([&] {
        // Each task: how long it takes, and its value. The last takes far longer than
        // anyone's patience, as the course's 10 s sleep.
        const std::vector<std::pair<long, long>> tasks{{0, 400}, {50, 81}, {1000, 16}, {10000, 10}};
        std::stop_source stop;
        std::vector<std::future<long>> futures;
        std::vector<std::jthread> workers;
        for (const auto& [ms, value] : tasks) {
            std::promise<long> promise;
            futures.push_back(promise.get_future());
            workers.emplace_back([p = std::move(promise), ms = ms, value = value, token = stop.get_token()]() mutable {
                p.set_value(slow_task(token, ms, value));
            });
        }
        for (std::size_t i = 0; i < tasks.size(); ++i) {
            try {
                const long value = get_with_timeout(futures[i], milliseconds(patience_ms));
                fmt::print("task {} ({} ms): {}\n", i + 1, tasks[i].first, value);
            } catch (const pools::TimeoutError&) {
                fmt::print("task {} ({} ms): We lacked patience and got a TimeoutError\n", i + 1, tasks[i].first);
            }
        }
        // The slow task is still running: ask it to stop, so the program ends now.
        stop.request_stop();
    });
}
