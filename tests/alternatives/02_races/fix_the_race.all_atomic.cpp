/// @file fix_the_race.all_atomic.cpp
/// @brief A correct fix_the_race written differently: no mutex and no local copies. Every
/// shared variable is atomic, updated once per number; each record is one atomic long that
/// holds the record's number, raised with a compare-exchange loop.
#include "collatz.hpp"

#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>
#include <workbook/print.hpp>

#include <fmt/core.h>

#include <atomic>
#include <thread>
#include <vector>

namespace {

using lesson02::chain_of;

/// A record from its number alone (0: no record yet): its chain is worked out again.
lesson02::Longest longest_of(long number) {
    return number == 0 ? lesson02::Longest{} : lesson02::Longest{number, chain_of(number).steps};
}
lesson02::Highest highest_of(long number) {
    return number == 0 ? lesson02::Highest{} : lesson02::Highest{number, chain_of(number).peak};
}

/// Raises the record `best` (an atomic number) to x while x beats what it holds: a
/// compare-exchange loop, retried when another thread changed the record in between.
template <typename Beats>
void raise(std::atomic<long>& best, long x, Beats x_beats) {
    long seen = best.load(std::memory_order_relaxed);
    while (x_beats(seen) && !best.compare_exchange_weak(seen, x, std::memory_order_relaxed)) {}
}

}  // namespace

int main(int argc, char** argv) {
    long n = 300'000;
    int threads = workbook::usable_cpus();
    workbook::Cli cli{"fix_the_race, with atomics only."};
    cli.option("--n", n, "the numbers 1 .. n are checked", workbook::between(1, 1e7));
    cli.option("--threads", threads, "threads sharing the work", workbook::between(1, 1024));
    cli.parse(argc, argv);

    return workbook::run([&] {
        std::atomic<long> checked{0};
        std::atomic<long long> total_steps{0};
        std::vector<std::atomic<long>> histogram(lesson02::bins);  // value-initialised: all 0
        std::atomic<long> longest{0};
        std::atomic<long> highest{0};
        {
            std::vector<std::jthread> team;
            for (int t = 0; t < threads; ++t) {
                team.emplace_back([&, t] {
                    for (long x = t + 1; x <= n; x += threads) {
                        const lesson02::Chain chain = chain_of(x);
                        checked.fetch_add(1, std::memory_order_relaxed);
                        total_steps.fetch_add(chain.steps, std::memory_order_relaxed);
                        histogram[lesson02::bin_of(chain.steps)].fetch_add(1, std::memory_order_relaxed);
                        raise(longest, x, [&](long seen) { return lesson02::beats(x, chain.steps, longest_of(seen)); });
                        raise(highest, x, [&](long seen) { return lesson02::beats(x, chain.peak, highest_of(seen)); });
                    }
                });
            }
        }
        std::vector<long> counts;
        for (const auto& bin : histogram) counts.push_back(bin.load());
        const lesson02::Longest l = longest_of(longest.load());
        const lesson02::Highest h = highest_of(highest.load());
        fmt::print("Collatz chains of 1 .. {} over {} threads\n", n, threads);
        fmt::print("numbers checked: {}\n", checked.load());
        fmt::print("total steps: {}\n", total_steps.load());
        fmt::print("longest chain: {} ({} steps)\n", l.number, l.steps);
        fmt::print("highest peak: {} (climbs to {})\n", h.number, h.peak);
        fmt::print("chains by length, in bins of {} steps: {}\n", lesson02::bin_width, workbook::python_list(counts));
    });
}
