/// @file target_reduction.cpp
/// @brief Exercise (stub): the dot product x . y summed on the device: a reduction over the teams
/// and threads of a target region, whose one result comes back to the host. Graded on the
/// host everywhere (OMP_NUM_THREADS = 1 to 4) and, on a machine with a GPU, on the device too.
#include "offload.hpp"

#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>

#include <fmt/core.h>
#include <omp.h>

#include <cstddef>
#include <vector>

/// The sum and where iteration 0 ran (1 the host, 0 a device, -1 if nobody said).
struct DotResult {
    double value;
    int ran_on_host;
};

// clang-format 14 would lay out OpenMP's array sections as `x [0:n]`: laid out by hand.
// clang-format off
/// x . y = the sum of x[i] y[i] for i < n, on the device.
DotResult dot_offloaded([[maybe_unused]] const double* x, [[maybe_unused]] const double* y, [[maybe_unused]] long n) {
    double sum = 0.0;
    int ran_on_host = -1;
    // TODO(13): add up x[i] * y[i] for i = 0 .. n - 1 into sum, on the device, with
    //           `if (i == 0) ran_on_host = omp_is_initial_device();` in the loop's body.
    //           One directive: the loop to the device and shared by its teams, threads and
    //           lanes; sum a reduction over all of them; and maps for x and y (to the
    //           device), ran_on_host (back) and sum (there and back: its start value goes
    //           in, the total comes out; the reduction clause implies that much).
    //           Lesson text: lessons/13_gpu/README.md, "A reduction on the device".
    return {sum, ran_on_host};
}
// clang-format on

int main(int argc, char** argv) {
    long n = 10'000'000;
    workbook::Cli cli{
        "Lesson 13 exercise 'target_reduction': the dot product of two arrays as a reduction on\n"
        "the device, and where its loop ran. The host's thread count comes from OMP_NUM_THREADS."};
    cli.option("--n", n, "elements of x and y", workbook::between(1, 1e9));
    cli.parse(argc, argv);
    const auto [device, on_host] = lesson13::place_regions(-1);
    lesson13::require_room(device, on_host, 16.0 * static_cast<double>(n), 0.0,
                           fmt::format("two arrays of {} doubles", n));

    return workbook::run([&] {
        // Small whole numbers (y of both signs): every partial sum is exact in double, so the
        // total is the same in any order of addition, on any device and thread count. Each
        // stretch of 77 elements adds 308, so every thread's part of the sum is large: a lost
        // part shows.
        std::vector<double> x(static_cast<std::size_t>(n)), y(x.size());
        for (std::size_t i = 0; i < x.size(); ++i) {
            x[i] = static_cast<double>(i % 7) + 1.0;
            y[i] = static_cast<double>(i % 11) - 4.0;
        }
        const DotResult dot = dot_offloaded(x.data(), y.data(), n);
        fmt::print("x . y with n = {}\n", n);
        fmt::print("the loop ran on: {}\n", dot.ran_on_host == 1   ? "the host"
                                            : dot.ran_on_host == 0 ? "a device"
                                                                   : "nobody said (ran_on_host never came back)");
        fmt::print("x . y = {:.1f}\n", dot.value);
    });
}
