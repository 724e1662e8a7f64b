/// @file cuda_twin.cpp
/// @brief The lesson's saxpy and pi written in CUDA (cuda_twin.cu), beside the directive
/// forms of saxpy_forms and pi_device: what the directives generate, written by hand, and
/// the device's copy rate by the driver's own cudaMemcpy. Built only where nvcc exists;
/// nothing else in the lesson needs CUDA.
#include "cuda_twin.hpp"

#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>

#include <fmt/core.h>

#include <cmath>
#include <numbers>

int main(int argc, char** argv) {
    long n = 1L << 26;
    long steps = 1L << 30;
    int repeats = 5;
    bool require_gpu = false;
    workbook::Cli cli{
        "Lesson 13 demo 'cuda_twin': z = a x + y and pi as CUDA kernels, the device-to-device copy\n"
        "rate by cudaMemcpy, on the first CUDA device: the same loops as saxpy_forms and pi_device."};
    cli.option("--n", n, "elements of each saxpy array (floats)", workbook::between(1, 1e11));
    cli.option("--steps", steps, "steps of pi's midpoint rule", workbook::between(1, 1e12));
    cli.option("--repeats", repeats, "timed runs of each; the best counts", workbook::between(1, 100));
    cli.flag("--require-gpu", require_gpu, "exit 77 (a test's \"skipped\") where there is no CUDA device");
    cli.parse(argc, argv);
    const double bytes = 3.0 * sizeof(float) * static_cast<double>(n);
    workbook::announce_cost(fmt::format("three arrays of {} floats", n), bytes, 0.0);  // on the host too
    const auto device = lesson13::cuda::first_device();
    if (!device.present) {
        fmt::print("{}: nothing to run (the OpenMP programs of this lesson run on the host instead)\n",
                   device.name_or_reason);
        return require_gpu ? 77 : 0;
    }
    // CUDA can say how much device memory is free, which OpenMP cannot (offload.hpp).
    if (bytes > device.free_bytes)
        workbook::usage_error(fmt::format("three arrays of {} floats need {:.2f} GiB on {}, which has {:.2f} GiB free",
                                          n, bytes / (1u << 30), device.name_or_reason,
                                          device.free_bytes / (1u << 30)));

    return workbook::run([&] {
        fmt::print("CUDA device 0: {}\n", device.name_or_reason);
        const auto figures = lesson13::cuda::measure(n, steps, repeats);
        const double saxpy_rate = 12.0 * static_cast<double>(n) / figures.saxpy_seconds;
        const double copy_rate = 8.0 * static_cast<double>(n) / figures.copy_seconds;
        fmt::print("z = a x + y on n = {} floats, best of {} runs (timed by CUDA events)\n", n, repeats);
        fmt::print("{:<44} {:8.3f} ms {:7.1f} GB/s {:4.0f}% of the copy rate{}\n",
                   "saxpy kernel, grid-stride loop:", 1e3 * figures.saxpy_seconds, saxpy_rate / 1e9,
                   100.0 * saxpy_rate / copy_rate, figures.saxpy_right ? "" : "  WRONG ANSWER");
        fmt::print("{:<44} {:8.3f} ms {:7.1f} GB/s\n", "cudaMemcpy, device to device:", 1e3 * figures.copy_seconds,
                   copy_rate / 1e9);
        fmt::print("{:<44} {:8.3f} ms  pi = {:.12f}\n", fmt::format("pi, {} steps, a block reduction:", steps),
                   1e3 * figures.pi_seconds, figures.pi);
        fmt::print("(the directive forms of the same loops: 13_gpu.saxpy_forms and 13_gpu.pi_device)\n");
        if (!figures.saxpy_right || std::abs(figures.pi - std::numbers::pi) > 1e-9) {
            fmt::print("a kernel computed a wrong answer\n");
            workbook::exit_program(1);
        }
    });
}
