/// @file fixed_counters.cpp
/// @brief Three fixes for lost_updates, side by side with their timings: a std::mutex
/// around ++counter, a std::atomic counter, and a count of each thread's own merged once.
#include "counting.hpp"

#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>
#include <workbook/stopwatch.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <string_view>

namespace {

/// Runs one way of counting, checks its result and says how long it took.
template <typename Count>
void try_fix(std::string_view label, Count count, int threads, long n) {
    const workbook::Stopwatch watch;
    const long counter = count(threads, n);
    const double seconds = watch.seconds();
    const long expected = threads * n;
    fmt::print("{:<34} counter = {} {}, {:.1f} ms, {:.2f} ns per add\n", label, counter,
               counter == expected ? "(right)" : "(WRONG)", seconds * 1e3,
               seconds * 1e9 / static_cast<double>(expected));
}

}  // namespace

int main(int argc, char** argv) {
    int threads = std::max(2, workbook::usable_cpus());
    long n = 10'000'000;
    workbook::Cli cli{
        "Lesson 02: three fixes for a data race on a counter, with their timings: a mutex,\n"
        "an atomic, and a count of each thread's own that is added to the total once."};
    cli.option("--threads", threads, "threads incrementing the counter", workbook::between(1, 1024));
    cli.option("--n", n, "increments per thread", workbook::between(1, 1e8));
    cli.parse(argc, argv);

    return workbook::run([&] {
        fmt::print("{} threads each add 1 to one counter {} times; it must end at {}\n", threads, n, threads * n);
        try_fix("1. std::mutex around ++counter:", lesson02::count_with_mutex, threads, n);
        try_fix("2. std::atomic<long> counter:", lesson02::count_with_atomic, threads, n);
        try_fix("3. own count, added once:", lesson02::count_locally, threads, n);
        fmt::print("(ns per add: the wall-clock time divided by all {} adds)\n", threads * n);
    });
}
