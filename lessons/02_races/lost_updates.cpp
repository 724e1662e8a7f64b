/// @file lost_updates.cpp
/// @brief A data race: several threads do ++counter on one shared variable with no
/// synchronisation, and the count comes out wrong, by a different amount every run.
#include "counting.hpp"

#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <string_view>

namespace {

/// One line about one run: what the counter says against what it should say. A run of
/// several threads that lost nothing says so, and no more: the race is still there, it
/// just did not show this time (on a busy machine the threads may not overlap at all).
void report(std::string_view label, long counter, long expected, int threads) {
    if (counter == expected && threads > 1) {
        fmt::print("{}: counter = {} (expected {}): no update lost this time: run again\n", label, counter, expected);
    } else if (counter == expected) {
        fmt::print("{}: counter = {} (expected {}): none lost\n", label, counter, expected);
    } else {
        fmt::print("{}: counter = {} (expected {}): {} updates lost ({:.0f}%)\n", label, counter, expected,
                   expected - counter, 100.0 * static_cast<double>(expected - counter) / static_cast<double>(expected));
    }
}

}  // namespace

/// Built with ThreadSanitizer (the tsan preset), this demo would be reported, and fail, for
/// the race it exists to show. This suppression tells TSan that this one race is on purpose;
/// suppressions are for races you cannot fix (in someone else's library), never for your own.
extern "C" const char* __tsan_default_suppressions() { return "race:lesson02::count_unsynchronised\n"; }

int main(int argc, char** argv) {
    int threads = std::max(2, workbook::usable_cpus());  // a race needs two threads at least
    long n = 10'000'000;
    int runs = 5;
    workbook::Cli cli{
        "Lesson 02: a data race. Every thread does ++counter on one shared long, with no\n"
        "synchronisation, and updates get lost: the count is wrong, differently each run."};
    cli.option("--threads", threads, "threads incrementing the counter", workbook::between(1, 1024));
    cli.option("--n", n, "increments per thread", workbook::between(1, 1e8));
    cli.option("--runs", runs, "how many times to try", workbook::between(1, 100));
    cli.parse(argc, argv);

    return workbook::run([&] {
        const long expected = threads * n;
        fmt::print("{} threads each do ++counter {} times on one shared long, with no synchronisation\n", threads, n);
        for (int run = 1; run <= runs; ++run) {
            report(fmt::format("run {}", run), lesson02::count_unsynchronised(threads, n), expected, threads);
        }
        // One thread alone cannot race with anyone: the same code is always right.
        report("the same code on 1 thread", lesson02::count_unsynchronised(1, n), n, 1);
    });
}
