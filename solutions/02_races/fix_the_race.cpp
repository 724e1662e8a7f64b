/// @file fix_the_race.cpp
/// @brief Exercise: several threads gather statistics of the Collatz chains of 1 .. n into
/// shared variables: a counter, a sum, a histogram and two records. Each shared update is
/// made safe with the fix that suits it. Graded exactly at T = 1, 2, 3, 4 and 7, and under
/// ThreadSanitizer: a race that happens to print the right numbers still fails.
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
        std::atomic<long> checked{0};          // how many numbers have been checked
        long long total_steps = 0;             // the sum of all chain lengths
        std::vector<long> histogram(bins, 0);  // how many chains of each length
        Longest longest;                       // the longest chain (the smallest number on ties)
        Highest highest;                       // the highest peak (the smallest number on ties)
        std::mutex merge_mutex;                // guards total_steps, histogram and the records

        {
            std::vector<std::jthread> team;
            for (int t = 0; t < threads; ++t) {
                team.emplace_back([&, t] {
                    // This thread's own statistics: no other thread touches them, so no lock.
                    long long my_total = 0;
                    std::vector<long> my_histogram(bins, 0);
                    Longest my_longest;
                    Highest my_highest;
                    // Thread t checks t+1, t+1+threads, ...: chain lengths vary a lot from
                    // number to number, and dealing the numbers out like cards shares them evenly.
                    for (long x = t + 1; x <= n; x += threads) {
                        const Chain chain = chain_of(x);
                        ++checked;  // an atomic add: indivisible, never lost
                        my_total += chain.steps;
                        ++my_histogram[bin_of(chain.steps)];
                        if (beats(x, chain.steps, my_longest)) my_longest = {x, chain.steps};
                        if (beats(x, chain.peak, my_highest)) my_highest = {x, chain.peak};
                    }
                    // One merge per thread, all under the mutex: the compare and the replace of
                    // a record must happen as one step, or another thread can come between them.
                    // And with beats(), which breaks ties by the number, the records come out
                    // the same whichever thread merges first.
                    const std::scoped_lock lock(merge_mutex);
                    total_steps += my_total;
                    for (std::size_t b = 0; b < bins; ++b) histogram[b] += my_histogram[b];
                    if (beats(my_longest.number, my_longest.steps, longest)) longest = my_longest;
                    if (beats(my_highest.number, my_highest.peak, highest)) highest = my_highest;
                });
            }
        }  // the threads join here: after this, main may read what they wrote

        const long numbers_checked = checked;  // reading an atomic: a load
        fmt::print("Collatz chains of 1 .. {} over {} threads\n", n, threads);
        fmt::print("numbers checked: {}\n", numbers_checked);
        fmt::print("total steps: {}\n", total_steps);
        fmt::print("longest chain: {} ({} steps)\n", longest.number, longest.steps);
        fmt::print("highest peak: {} (climbs to {})\n", highest.number, highest.peak);
        fmt::print("chains by length, in bins of {} steps: {}\n", bin_width, workbook::python_list(histogram));
    });
}
