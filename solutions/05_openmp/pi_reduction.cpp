/// @file pi_reduction.cpp
/// @brief Exercise: pi as the integral of 4/(1+x^2) over [0, 1], summed by every thread of
/// an OpenMP team with one directive and a reduction. Graded at OMP_NUM_THREADS = 1 to 4,
/// with a tolerance: the reduction adds the partial sums in its own order.
#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>

#include <fmt/core.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

/// The midpoint rule for 4/(1+x^2) on [0, 1] with n steps. steps_by_thread[t] counts the
/// steps thread t of the team did.
double pi_midpoint(long n, std::vector<long>& steps_by_thread) {
    const double h = 1.0 / static_cast<double>(n);
    double sum = 0.0;
    // One directive: a team of threads splits the loop; each sums into its own private copy
    // of `sum`, and the copies are added into the original at the end of the loop.
#pragma omp parallel for reduction(+ : sum)
    for (long i = 0; i < n; ++i) {
        const double x = (static_cast<double>(i) + 0.5) * h;
        sum += 4.0 / (1.0 + x * x);
        ++steps_by_thread[static_cast<std::size_t>(omp_get_thread_num())];
    }
    return sum * h;
}

int main(int argc, char** argv) {
    long n = 10'000'000;
    workbook::Cli cli{
        "Lesson 05 exercise 'pi_reduction': pi as a sum over n steps, split over the\n"
        "threads of an OpenMP team by '#pragma omp parallel for reduction(+ : sum)'.\n"
        "The thread count comes from OMP_NUM_THREADS."};
    cli.option("--n", n, "steps of the midpoint rule", workbook::between(1, 1e10));
    cli.parse(argc, argv);
    // About 1 ns a step on one core (measured once on a 2-core test machine).
    workbook::announce_cost(fmt::format("pi with n = {} steps", n), 0.0,
                            1e-9 * static_cast<double>(n) / std::min(omp_get_max_threads(), workbook::usable_cpus()));

    return workbook::run([&] {
        const int team = omp_get_max_threads();
        std::vector<long> steps_by_thread(static_cast<std::size_t>(team), 0);
        const double pi = pi_midpoint(n, steps_by_thread);

        // The report: the same whatever the thread count, if every thread did a share once.
        long steps = 0;
        for (long s : steps_by_thread) steps += s;
        const auto busy = std::count_if(steps_by_thread.begin(), steps_by_thread.end(), [](long s) { return s > 0; });
        fmt::print("pi by the midpoint rule with n = {} steps\n", n);
        fmt::print("threads in the team: {}, threads that did steps: {}\n", team, busy);
        fmt::print("steps done: {}\n", steps);
        fmt::print("pi = {:.15f}\n", pi);
        fmt::print("check |pi - pi_exact| < 1e-9: {}\n", std::abs(pi - std::numbers::pi) < 1e-9 ? "ok" : "WRONG");
    });
}
