/// @file fix_the_race.futures.cpp
/// @brief A correct fix_the_race written differently: nothing is shared at all. Each task
/// (std::async) gathers its own statistics and returns them through a std::future; main
/// merges them after get(), which is the synchronisation.
#include "collatz.hpp"

#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>
#include <workbook/print.hpp>

#include <fmt/core.h>

#include <future>
#include <vector>

namespace {

struct Stats {
    long checked = 0;
    long long total_steps = 0;
    std::vector<long> histogram = std::vector<long>(lesson02::bins, 0);
    long longest_number = 0;
    int longest_steps = -1;
    long highest_number = 0;
    long highest_peak = 0;

    /// Keeps the records: a longer chain (a higher peak), then the smaller number.
    void consider_longest(long number, int steps) {
        if (steps > longest_steps || (steps == longest_steps && number < longest_number)) {
            longest_number = number;
            longest_steps = steps;
        }
    }
    void consider_highest(long number, long peak) {
        if (peak > highest_peak || (peak == highest_peak && number < highest_number)) {
            highest_number = number;
            highest_peak = peak;
        }
    }
};

}  // namespace

int main(int argc, char** argv) {
    long n = 300'000;
    int threads = workbook::usable_cpus();
    workbook::Cli cli{"fix_the_race, with futures."};
    cli.option("--n", n, "the numbers 1 .. n are checked", workbook::between(1, 1e7));
    cli.option("--threads", threads, "threads sharing the work", workbook::between(1, 1024));
    cli.parse(argc, argv);

    return workbook::run([&] {
        std::vector<std::future<Stats>> parts;
        for (int t = 0; t < threads; ++t) {
            parts.push_back(std::async(std::launch::async, [n, threads, t] {
                Stats mine;
                for (long x = t + 1; x <= n; x += threads) {
                    const lesson02::Chain chain = lesson02::chain_of(x);
                    ++mine.checked;
                    mine.total_steps += chain.steps;
                    ++mine.histogram[lesson02::bin_of(chain.steps)];
                    mine.consider_longest(x, chain.steps);
                    mine.consider_highest(x, chain.peak);
                }
                return mine;
            }));
        }
        Stats all;
        for (auto& part : parts) {
            const Stats mine = part.get();
            all.checked += mine.checked;
            all.total_steps += mine.total_steps;
            for (std::size_t b = 0; b < lesson02::bins; ++b) all.histogram[b] += mine.histogram[b];
            if (mine.longest_steps >= 0) all.consider_longest(mine.longest_number, mine.longest_steps);
            if (mine.highest_peak > 0) all.consider_highest(mine.highest_number, mine.highest_peak);
        }
        fmt::print("Collatz chains of 1 .. {} over {} threads\n", n, threads);
        fmt::print("numbers checked: {}\n", all.checked);
        fmt::print("total steps: {}\n", all.total_steps);
        fmt::print("longest chain: {} ({} steps)\n", all.longest_number, all.longest_steps);
        fmt::print("highest peak: {} (climbs to {})\n", all.highest_number, all.highest_peak);
        fmt::print("chains by length, in bins of {} steps: {}\n", lesson02::bin_width,
                   workbook::python_list(all.histogram));
    });
}
