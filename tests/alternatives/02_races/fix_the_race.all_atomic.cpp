/// @file fix_the_race.all_atomic.cpp
/// @brief A correct fix_the_race written differently: no mutex and no local copies. Every
/// shared variable is atomic, updated once per number, and the record is one 64-bit atomic
/// key (steps, then the number's complement) raised with a compare-exchange loop.
#include "collatz.hpp"

#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>
#include <workbook/print.hpp>

#include <fmt/core.h>

#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

namespace {

/// A record as one number that orders like the rule "more steps, then the smaller number".
constexpr std::uint64_t key_of(long number, int steps) {
    return static_cast<std::uint64_t>(steps) << 32 | (0xffffffffu - static_cast<std::uint32_t>(number));
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
        std::atomic<std::uint64_t> record{0};
        {
            std::vector<std::jthread> team;
            for (int t = 0; t < threads; ++t) {
                team.emplace_back([&, t] {
                    for (long x = t + 1; x <= n; x += threads) {
                        const int steps = lesson02::collatz_steps(x);
                        checked.fetch_add(1, std::memory_order_relaxed);
                        total_steps.fetch_add(steps, std::memory_order_relaxed);
                        histogram[lesson02::bin_of(steps)].fetch_add(1, std::memory_order_relaxed);
                        // An atomic maximum: retry until our key is stored or a better one is there.
                        const std::uint64_t key = key_of(x, steps);
                        std::uint64_t seen = record.load(std::memory_order_relaxed);
                        while (key > seen && !record.compare_exchange_weak(seen, key, std::memory_order_relaxed)) {
                        }
                    }
                });
            }
        }
        std::vector<long> counts;
        for (const auto& bin : histogram) counts.push_back(bin.load());
        const std::uint64_t best = record.load();
        fmt::print("Collatz chains of 1 .. {} over {} threads\n", n, threads);
        fmt::print("numbers checked: {}\n", checked.load());
        fmt::print("total steps: {}\n", total_steps.load());
        fmt::print("longest chain: {} ({} steps)\n", 0xffffffffu - static_cast<std::uint32_t>(best & 0xffffffffu),
                   best >> 32);
        fmt::print("chains by length, in bins of {} steps: {}\n", lesson02::bin_width, workbook::python_list(counts));
    });
}
