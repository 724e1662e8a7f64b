/// @file heat_transfers.cpp
/// @brief Lesson 06's heat rod on one device, three ways: on the host's cores; on the device
/// with the rod mapped to it and back at every step; and on the device inside one `target
/// data` region, where the rod crosses the bus once each way. The kernel is the same in all
/// three; what differs is where the data lives between the steps.
#include "offload.hpp"

#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>
#include <workbook/stopwatch.hpp>

#include <fmt/core.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <string>
#include <utility>
#include <vector>

namespace {

/// u(x, 0) = sin(pi x) at the rod's points (lesson 06's start), with the ends fixed at 0:
/// u[0] and u[points + 1].
std::vector<double> initial_rod(long points) {
    std::vector<double> u(static_cast<std::size_t>(points) + 2, 0.0);
    for (long i = 1; i <= points; ++i)
        u[static_cast<std::size_t>(i)] =
            std::sin(std::numbers::pi * static_cast<double>(i) / static_cast<double>(points + 1));
    return u;
}

/// One explicit step on the host's cores: next = u + r (left - 2 u + right).
void step_on_host(const double* u, double* next, long points, double r) {
#pragma omp parallel for simd
    for (long i = 1; i <= points; ++i) next[i] = u[i] + r * (u[i - 1] - 2 * u[i] + u[i + 1]);
}

// clang-format 14 lays out OpenMP's array sections as `x [0:n]` and breaks map clauses
// apart: the directives below are laid out by hand.
// clang-format off

/// The same step as a target region that maps the rod itself: outside a `target data`
/// region, u goes to the device and next goes there and back, at every call.
void step_mapping_the_rod(int device, const double* u, double* next, long points, double r) {
    const long cells = points + 2;
#pragma omp target teams distribute parallel for simd device(device) map(to : u[0 : cells]) map(tofrom : next[0 : cells])
    for (long i = 1; i <= points; ++i) next[i] = u[i] + r * (u[i - 1] - 2 * u[i] + u[i + 1]);
}

/// `steps` steps; the step function swaps the roles of the two arrays each time. Returns
/// the array that holds the last step.
template <class Step>
double* run_steps(double* u, double* next, long steps, Step&& step) {
    for (long s = 0; s < steps; ++s) {
        step(u, next);
        std::swap(u, next);
    }
    return u;
}

/// All steps on the device inside one `target data` region: the rod goes over once, the
/// steps find both arrays present (their map clauses move nothing), and both come back once.
/// Returns the array that holds the last step.
double* steps_in_one_region(int device, double* u, double* next, long points, long steps, double r) {
    const long cells = points + 2;
    double* last = u;
#pragma omp target data device(device) map(tofrom : u[0 : cells], next[0 : cells])
    last =
        run_steps(u, next, steps, [=](double* from, double* to) { step_mapping_the_rod(device, from, to, points, r); });
    return last;
}
// clang-format on

double largest_difference(const double* a, const double* b, long cells) {
    double largest = 0;
    for (long i = 0; i < cells; ++i) largest = std::max(largest, std::abs(a[i] - b[i]));
    return largest;
}

}  // namespace

int main(int argc, char** argv) {
    long points = 1L << 22;
    long steps = 100;
    int device = -1;
    workbook::Cli cli{
        "Lesson 13 demo 'heat_transfers': lesson 06's heat rod on the host's cores, on the device\n"
        "with the rod mapped at every step, and on the device inside one 'target data' region."};
    cli.option("--points", points, "interior points of the rod", workbook::between(1, 1e10));
    cli.option("--steps", steps, "time steps", workbook::between(1, 1e7));
    lesson13::add_device_option(cli, device);
    cli.parse(argc, argv);
    const auto [chosen, on_host] = lesson13::place_regions(device);
    const double rod_bytes = 8.0 * static_cast<double>(points + 2);
    // Three runs of 16 bytes a point and step at a few GB/s on a 2-core host; six arrays.
    lesson13::require_room(chosen, on_host, 6 * rod_bytes, 3 * 16.0 * static_cast<double>(points * steps) / 4e9,
                           fmt::format("a rod of {} points, {} steps", points, steps));

    return workbook::run([&] {
        const double r = 0.25;  // dt / dx^2: stable below 0.5
        const long cells = points + 2;
        fmt::print("heat on a rod of {} points ({:.0f} MiB), {} steps; r = dt/dx^2 = {}\n", points,
                   rod_bytes / (1 << 20), steps, r);
        fmt::print("target regions on device {} ran on: {}\n", chosen, lesson13::where(on_host, chosen));

        // Each run starts from a fresh rod and keeps the array its last step wrote.
        auto host_u = initial_rod(points), host_next = host_u;
        workbook::Stopwatch watch;
        const double* host_last = run_steps(host_u.data(), host_next.data(), steps,
                                            [=](double* from, double* to) { step_on_host(from, to, points, r); });
        const double host_seconds = watch.seconds();

        auto mapped_u = initial_rod(points), mapped_next = mapped_u;
        watch.reset();
        const double* mapped_last =
            run_steps(mapped_u.data(), mapped_next.data(), steps,
                      [=](double* from, double* to) { step_mapping_the_rod(chosen, from, to, points, r); });
        const double mapped_seconds = watch.seconds();

        auto region_u = initial_rod(points), region_next = region_u;
        watch.reset();
        const double* region_last = steps_in_one_region(chosen, region_u.data(), region_next.data(), points, steps, r);
        const double region_seconds = watch.seconds();

        const double moved_per_step = 3 * rod_bytes;  // u there, next there and back
        const auto line = [](const std::string& what, double seconds) {
            fmt::print("{:<56} {:8.1f} ms\n", what, 1e3 * seconds);
        };
        line(fmt::format("host, {} threads, parallel for simd:", omp_get_max_threads()), host_seconds);
        line(fmt::format("device, the rod mapped at every step ({:.0f} MiB a step):", moved_per_step / (1 << 20)),
             mapped_seconds);
        line("device, one 'target data' region around the steps:", region_seconds);
        fmt::print("mapping at every step took {:.1f}x the time of one region{}\n", mapped_seconds / region_seconds,
                   on_host ? " (on the host a map moves nothing: both are the same loop)" : "");
        const double difference = std::max(largest_difference(host_last, mapped_last, cells),
                                           largest_difference(host_last, region_last, cells));
        fmt::print("largest difference between the three rods: {:.1e}\n", difference);
        if (difference > 1e-12) {
            fmt::print("the three runs disagree: a step is wrong somewhere\n");
            workbook::exit_program(1);
        }
    });
}
