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
    long record_number = 0;
    int record_steps = -1;

    /// Keeps the record: more steps, then the smaller number.
    void consider(long number, int steps) {
        if (steps > record_steps || (steps == record_steps && number < record_number)) {
            record_number = number;
            record_steps = steps;
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
                    const int steps = lesson02::collatz_steps(x);
                    ++mine.checked;
                    mine.total_steps += steps;
                    ++mine.histogram[lesson02::bin_of(steps)];
                    mine.consider(x, steps);
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
            if (mine.record_steps >= 0) all.consider(mine.record_number, mine.record_steps);
        }
        fmt::print("Collatz chains of 1 .. {} over {} threads\n", n, threads);
        fmt::print("numbers checked: {}\n", all.checked);
        fmt::print("total steps: {}\n", all.total_steps);
        fmt::print("longest chain: {} ({} steps)\n", all.record_number, all.record_steps);
        fmt::print("chains by length, in bins of {} steps: {}\n", lesson02::bin_width, workbook::python_list(all.histogram));
    });
}
