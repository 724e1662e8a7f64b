/// @file pi.cpp
/// @brief The course's pi integral with one OpenMP directive, timed on 1 thread and on T
/// threads in one process: the speedup and the parallel efficiency (speedup / T).
#include "kernels.hpp"

#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>
#include <workbook/stopwatch.hpp>

#include <fmt/core.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace {

/// The best of `repeats` runs on `threads` threads, in seconds, and the value it found.
std::pair<double, double> best_time(long n, int threads, int repeats) {
    omp_set_num_threads(threads);
    double best = 1e300, pi = 0;
    for (int r = 0; r < repeats; ++r) {
        workbook::Stopwatch watch;
        pi = lesson05::pi_midpoint(n);
        best = std::min(best, watch.seconds());
    }
    return {best, pi};
}

}  // namespace

int main(int argc, char** argv) {
    long n = 100'000'000;
    int threads = omp_get_max_threads();
    int repeats = 3;
    workbook::Cli cli{
        "Lesson 05 demo 'pi': pi as a sum over n steps with '#pragma omp parallel for\n"
        "reduction(+ : sum)', timed on 1 thread and on T threads: speedup and efficiency."};
    cli.option("--n", n, "steps of the midpoint rule", workbook::between(1, 1e11));
    cli.option("--threads", threads, "threads of the parallel run (default: OMP_NUM_THREADS)",
               workbook::between(1, workbook::max_threads));
    cli.option("--repeats", repeats, "runs of each; the best one counts", workbook::between(1, 100));
    cli.parse(argc, argv);
    // About 0.7 ns a step on one core (measured once on a 2-core test machine, g++ 12 -O3):
    // `repeats` runs on 1 thread, then `repeats` on T threads, T no faster than the CPUs.
    const double one_run = 0.7e-9 * static_cast<double>(n);
    const int cores = std::min(threads, workbook::usable_cpus());
    workbook::announce_cost(fmt::format("pi with n = {} steps, best of {} runs", n, repeats), 0.0,
                            repeats * one_run * (1.0 + 1.0 / cores));

    return workbook::run([&] {
        fmt::print("pi by the midpoint rule with n = {} steps, best of {} runs\n", n, repeats);
        const auto [serial, pi1] = best_time(n, 1, repeats);
        fmt::print("1 thread:   pi = {:.12f}  time {:.3f} s\n", pi1, serial);
        const auto [parallel, pit] = best_time(n, threads, repeats);
        const double speedup = serial / parallel;
        fmt::print("{} threads: pi = {:.12f}  time {:.3f} s\n", threads, pit, parallel);
        fmt::print("speedup {:.2f}x, efficiency {:.0f}% (speedup / threads)\n", speedup, 100.0 * speedup / threads);
        fmt::print("error of the {}-thread value: {:.1e}\n", threads, std::abs(pit - std::numbers::pi));
    });
}
