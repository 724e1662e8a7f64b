/// @file target_saxpy.cpp
/// @brief Exercise (stub): y = a x + y as one loop offloaded to the device, with map clauses that
/// move x in, y in and out, and the note of where the loop ran out. Graded on the host
/// everywhere (OMP_NUM_THREADS = 1 and 3) and, on a machine with a GPU, on the device too.
#include "offload.hpp"

#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>

#include <fmt/core.h>
#include <omp.h>

#include <cstddef>
#include <vector>

// clang-format 14 would lay out OpenMP's array sections as `x [0:n]`: laid out by hand.
// clang-format off
/// y[i] = a x[i] + y[i] for every i < n, on the device. Returns where iteration 0 ran, as
/// omp_is_initial_device() said there: 1 the host, 0 a device, -1 if nobody said.
int saxpy_offloaded([[maybe_unused]] float a, [[maybe_unused]] const float* x, [[maybe_unused]] float* y,
                    [[maybe_unused]] long n) {
    int ran_on_host = -1;
    // TODO(13): write the loop y[i] = a * x[i] + y[i] for i = 0 .. n - 1, with the line
    //           `if (i == 0) ran_on_host = omp_is_initial_device();` in its body. Then send
    //           it to the device with one directive above it: `target`, the teams, threads
    //           and lanes that share the loop, and map clauses saying what moves which way
    //           (x to the device; y there and back; ran_on_host back).
    //           Lesson text: lessons/13_gpu/README.md, "Offloading a loop".
    return ran_on_host;
}
// clang-format on

int main(int argc, char** argv) {
    long n = 1'000'003;
    double a = 2.0;
    workbook::Cli cli{
        "Lesson 13 exercise 'target_saxpy': y = a x + y as one loop on the device, with the map\n"
        "clauses that move its arrays, and where the loop ran."};
    cli.option("--n", n, "elements of x and y", workbook::between(1, 1e9));
    cli.option("--a", a, "the factor a", workbook::between(-1e6, 1e6));
    cli.parse(argc, argv);
    const auto [device, on_host] = lesson13::place_regions(-1);
    lesson13::require_room(device, on_host, 8.0 * static_cast<double>(n), 0.0,
                           fmt::format("two arrays of {} floats", n));

    return workbook::run([&] {
        // Quarters and small whole numbers: a x + y is exact in float, on any device.
        std::vector<float> x(static_cast<std::size_t>(n)), y(x.size());
        for (std::size_t i = 0; i < x.size(); ++i) {
            x[i] = static_cast<float>(i % 1024) * 0.25f;
            y[i] = static_cast<float>(i % 512);
        }
        const std::vector<float> y_before = y;
        const int ran_on_host = saxpy_offloaded(static_cast<float>(a), x.data(), y.data(), n);

        fmt::print("y = a x + y with n = {}, a = {}\n", n, a);
        fmt::print("the loop ran on: {}\n", ran_on_host == 1   ? "the host"
                                            : ran_on_host == 0 ? "a device"
                                                               : "nobody said (ran_on_host never came back)");
        long changed = 0;
        double sum = 0;
        for (std::size_t i = 0; i < y.size(); ++i) {
            changed += y[i] != y_before[i] ? 1 : 0;
            sum += y[i];
        }
        fmt::print("y[0] = {}, y[n/2] = {}, y[n-1] = {}\n", y.front(), y[y.size() / 2], y.back());
        fmt::print("elements changed: {} (those with x = 0 keep their y)\n", changed);
        fmt::print("sum of y: {:.2f}\n", sum);
    });
}
