/// @file fix_the_race.cpp
/// @brief Exercise (stub): several threads gather statistics of the Collatz chains of
/// 1 .. n into shared variables: a counter, a sum, a histogram and two records, and nothing
/// keeps them from racing yet. Make each shared update safe with the fix that suits it.
/// Graded exactly at T = 1, 2, 3, 4 and 7, and under ThreadSanitizer: a race that happens
/// to print the right numbers still fails.
#include "collatz.hpp"

#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>
#include <workbook/print.hpp>

#include <fmt/core.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

// The arithmetic, which is not what this exercise is about: lessons/02_races/collatz.hpp.
using lesson02::beats;
using lesson02::bin_of;
using lesson02::bin_width;
using lesson02::bins;
using lesson02::Chain;
using lesson02::chain_of;
using lesson02::Highest;
using lesson02::Longest;

int main(int argc, char** argv) {
    long n = 300'000;
    int threads = workbook::usable_cpus();
    workbook::Cli cli{
        "Lesson 02 exercise 'fix_the_race': threads gather statistics of the Collatz chains\n"
        "of 1 .. n into shared variables; every shared update must be made safe."};
    cli.option("--n", n, "the numbers 1 .. n are checked", workbook::between(1, 1e7));
    cli.option("--threads", threads, "threads sharing the work", workbook::between(1, 1024));
    cli.parse(argc, argv);

    return workbook::run([&] {
        long checked = 0;                      // how many numbers have been checked
        long long total_steps = 0;             // the sum of all chain lengths
        std::vector<long> histogram(bins, 0);  // how many chains of each length
        Longest longest;                       // the longest chain (the smallest number on ties)
        Highest highest;                       // the highest peak (the smallest number on ties)

        // TODO(02): every thread below updates these five variables with no synchronisation:
        //           a data race. Run `--threads 2` a few times: the numbers usually change from
        //           run to run. Fix each update with the tool that suits it (lesson text:
        //           lessons/02_races/README.md, "Three fixes" and "Exercise 1: fix_the_race"):
        //           - `checked` is bumped once per number: make it a std::atomic<long>.
        //           - the sum, the histogram and the two records: let each thread gather its
        //             own in local variables, then merge them once, under a std::mutex. Each
        //             record's compare-and-replace happens under the lock as one step, with
        //             beats(): then the records do not depend on the order of the merges.

        {
            std::vector<std::jthread> team;
            for (int t = 0; t < threads; ++t) {
                team.emplace_back([&, t] {
                    // Thread t checks t+1, t+1+threads, ...: chain lengths vary a lot from
                    // number to number, and dealing the numbers out like cards shares them evenly.
                    for (long x = t + 1; x <= n; x += threads) {
                        const Chain chain = chain_of(x);
                        // TODO(02): these five updates race (see the TODO above).
                        ++checked;
                        total_steps += chain.steps;
                        ++histogram[bin_of(chain.steps)];
                        if (beats(x, chain.steps, longest)) longest = {x, chain.steps};
                        if (beats(x, chain.peak, highest)) highest = {x, chain.peak};
                    }
                });
            }
        }  // the threads join here: after this, main may read what they wrote

        const long numbers_checked = checked;  // (from a std::atomic<long> too: a load)
        fmt::print("Collatz chains of 1 .. {} over {} threads\n", n, threads);
        fmt::print("numbers checked: {}\n", numbers_checked);
        fmt::print("total steps: {}\n", total_steps);
        fmt::print("longest chain: {} ({} steps)\n", longest.number, longest.steps);
        fmt::print("highest peak: {} (climbs to {})\n", highest.number, highest.peak);
        fmt::print("chains by length, in bins of {} steps: {}\n", bin_width, workbook::python_list(histogram));
    });
}
