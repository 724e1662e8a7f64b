/// @file get_with_timeout.cpp
/// @brief Exercise (stub): wait for a result, but not forever. get_with_timeout() returns the
/// value if it comes within the patience, and throws TimeoutError otherwise: Python's
/// `res.get(timeout=1)`.
#include "async_result.hpp"

#include <workbook/cli.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <atomic>
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
    // TODO(04): wait at most `patience` for the value. If it is not there in time,
    //           throw pools::TimeoutError; otherwise return it. (As it is, this waits
    //           forever.) Lesson text: lessons/04_pools/README.md, "Exercise 2: get_with_timeout".
    (void)patience;
    return future.get();
}

/// Sleeps until `until`, or until a stop is requested: whichever comes first. True if it
/// slept the whole time.
bool sleep_until(std::stop_token stop, std::chrono::steady_clock::time_point until) {
    std::mutex mutex;
    std::condition_variable_any never_notified;
    std::unique_lock lock(mutex);
    never_notified.wait_until(lock, stop, until, [] { return false; });
    return !stop.stop_requested();
}

/// A task that sleeps `ms` milliseconds and returns `value`; asked to stop, it returns -1 at once.
long slow_task(std::stop_token stop, long ms, long value) {
    return sleep_until(stop, std::chrono::steady_clock::now() + milliseconds(ms)) ? value : -1;
}

/// When a get_with_timeout that keeps to its patience has returned for every task: one
/// after the other, each waits until its task is done or its patience runs out.
milliseconds time_needed(const std::vector<std::pair<long, long>>& tasks, milliseconds patience) {
    milliseconds now{0};
    for (const auto& task : tasks) now = std::min(std::max(now, milliseconds(task.first)), now + patience);
    return now;
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
        const auto started = std::chrono::steady_clock::now();
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
        // A watchdog for get_with_timeout itself. Keeping to its patience, it has returned
        // for every task by `due`; if it is still waiting 1 s later (it waits forever, or
        // seconds instead of milliseconds), the tasks are stopped, so that the program ends
        // now and says so, instead of 10 s later with no word.
        const milliseconds patience(patience_ms);
        const auto due = started + time_needed(tasks, patience) + std::chrono::seconds(1);
        std::atomic<bool> overdue{false};
        std::jthread watchdog([&](std::stop_token all_answered) {
            if (sleep_until(all_answered, due)) {
                overdue = true;
                stop.request_stop();
            }
        });
        for (std::size_t i = 0; i < tasks.size(); ++i) {
            try {
                const long value = get_with_timeout(futures[i], patience);
                fmt::print("task {} ({} ms): {}\n", i + 1, tasks[i].first, value);
            } catch (const pools::TimeoutError&) {
                fmt::print("task {} ({} ms): We lacked patience and got a TimeoutError\n", i + 1, tasks[i].first);
            }
        }
        watchdog.request_stop();
        if (overdue) {
            fmt::print(
                "watchdog: at {:.1f} s get_with_timeout was still waiting, 1 s after it should have "
                "returned for every task (patience {} ms each): it waits longer than its patience. "
                "The tasks were stopped; a stopped task returns -1\n",
                std::chrono::duration<double>(due - started).count(), patience_ms);
        }
        // The slow task is still running: ask it to stop, so the program ends now.
        stop.request_stop();
    });
}
