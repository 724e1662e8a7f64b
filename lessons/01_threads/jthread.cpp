/// @file jthread.cpp
/// @brief The same threads the modern C++ way: std::jthread with a lambda, stop tokens,
/// and an exception carried from a thread back to main.
#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>

#include <fmt/core.h>

#include <chrono>
#include <exception>
#include <stdexcept>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
    int threads = workbook::usable_cpus();
    workbook::Cli cli{
        "Lesson 01: std::jthread. No subclass: a thread runs any callable, joins itself\n"
        "when it goes out of scope, and can be asked to stop."};
    cli.option("--threads", threads, "threads to start", workbook::between(1, 1024));
    cli.parse(argc, argv);

    return workbook::run([&] {
        fmt::print("== 1. a lambda per thread; jthread joins when it goes out of scope\n");
        {
            std::vector<std::jthread> team;
            for (int i = 1; i <= threads; ++i) {
                // Capture i by value: the loop changes i while the thread may not have started.
                team.emplace_back([i, threads] { fmt::print("hello from worker {} of {}\n", i, threads); });
            }
        }  // every jthread joins here: no join() to forget
        fmt::print("main: the team has finished\n\n");

        fmt::print("== 2. asking a thread to stop: std::stop_token\n");
        {
            std::jthread counter([](std::stop_token stop) {
                long count = 0;
                while (!stop.stop_requested()) ++count;
                fmt::print("worker: asked to stop after counting to {}\n", count);
            });
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            fmt::print("main: request_stop() after 50 ms\n");
            counter.request_stop();
        }  // joins: the worker has printed its count before we go on
        fmt::print("\n== 3. an exception inside a thread\n");
        // An exception that escapes a thread's function ends the whole program
        // (std::terminate). Catch it in the thread and hand it to main instead.
        std::exception_ptr failure;
        {
            std::jthread worker([&failure] {
                try {
                    throw std::runtime_error("cannot divide by zero");
                } catch (...) { failure = std::current_exception(); }
            });
        }
        try {
            if (failure) std::rethrow_exception(failure);
        } catch (const std::exception& error) {
            fmt::print("main: the worker failed: {} (carried over with std::exception_ptr)\n", error.what());
        }
    });
}
