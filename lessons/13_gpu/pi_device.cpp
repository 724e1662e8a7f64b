/// @file pi_device.cpp
/// @brief Lesson 05's pi, a sum over n steps, as a reduction on the device, against the same
/// sum on every host core in one run. A reduction on a GPU is the same clause as on the
/// host; the device adds its partial sums across teams and threads, and the one number
/// that comes back is mapped `tofrom`.
#include "kernels.hpp"  // lesson 05's pi_midpoint, the host's side
#include "offload.hpp"

#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>
#include <workbook/stopwatch.hpp>

#include <fmt/core.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace {

/// pi by the midpoint rule on `device`: the loop of lesson05::pi_midpoint with `target teams
/// distribute` in front. On the combined directive the reduction maps sum tofrom by itself
/// (OpenMP 5.0); the map clause says so. A `teams` reduction nested in a plain `target`
/// needs the map: there sum would be firstprivate, as every scalar of a target region is
/// by default, and the total would never come back.
double pi_on_device(int device, long n) {
    const double h = 1.0 / static_cast<double>(n);
    double sum = 0.0;
#pragma omp target teams distribute parallel for simd device(device) reduction(+ : sum) map(tofrom : sum)
    for (long i = 0; i < n; ++i) {
        const double x = (static_cast<double>(i) + 0.5) * h;
        sum += 4.0 / (1.0 + x * x);
    }
    return sum * h;
}

}  // namespace

int main(int argc, char** argv) {
    long n = 1L << 30;
    int repeats = 3;
    int device = -1;
    workbook::Cli cli{
        "Lesson 13 demo 'pi_device': pi as a sum over n steps, a reduction on the device\n"
        "('target teams distribute parallel for simd reduction(+ : sum)') against lesson 05's\n"
        "pi_midpoint on every host core, in one run."};
    cli.option("--n", n, "steps of the midpoint rule", workbook::between(1, 1e12));
    cli.option("--repeats", repeats, "timed runs of each; the best counts", workbook::between(1, 100));
    lesson13::add_device_option(cli, device);
    cli.parse(argc, argv);
    const auto [chosen, on_host] = lesson13::place_regions(device);
    const int host_threads = workbook::usable_cpus();
    // About 0.7 ns a step on one host core (lesson 05); the device side is counted as the
    // host's too, which is what it costs where the region falls back.
    lesson13::require_room(chosen, on_host, 0.0, 2.0 * (1 + repeats) * 0.7e-9 * static_cast<double>(n) / host_threads,
                           fmt::format("pi with n = {} steps, best of {} runs", n, repeats));

    return workbook::run([&] {
        fmt::print("pi by the midpoint rule with n = {} steps, best of {} runs\n", n, repeats);
        omp_set_num_threads(host_threads);
        double host_pi = 0, device_pi = 0;
        const double host_seconds = workbook::best_of_seconds(repeats, [&] { host_pi = lesson05::pi_midpoint(n); });
        fmt::print("host, {} threads (lesson 05's pi_midpoint): pi = {:.12f}  time {:.4f} s\n", host_threads, host_pi,
                   host_seconds);
        const double device_seconds = workbook::best_of_seconds(repeats, [&] { device_pi = pi_on_device(chosen, n); });
        fmt::print("target region on device {} ran on: {}\n", chosen, lesson13::where(on_host, chosen));
        fmt::print("device, a reduction over teams and threads:  pi = {:.12f}  time {:.4f} s\n", device_pi,
                   device_seconds);
        const double speedup = host_seconds / device_seconds;
        fmt::print("the device's run was {:.2f}x as fast as the {} host threads\n", speedup, host_threads);
        if (on_host) {
            fmt::print("target (a GPU): 50x the host cores or more: not judged, both runs were the host's\n");
        } else {
            fmt::print("target (a GPU): 50x the host cores or more: {} ({:.1f}x)\n", speedup >= 50 ? "met" : "MISSED",
                       speedup);
        }
        // Both sums add the same terms in another order: the values agree to about 1e-12.
        const double error = std::max(std::abs(host_pi - std::numbers::pi), std::abs(device_pi - std::numbers::pi));
        fmt::print("largest error of the two values: {:.1e}\n", error);
        if (error > 1e-9) workbook::exit_program(1);
    });
}
