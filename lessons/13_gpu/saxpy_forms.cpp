/// @file saxpy_forms.cpp
/// @brief One memory-bound loop, z = a x + y, written in the directive forms of GPU code and
/// timed inside one `target data` region, so no transfer is in the figures: GB/s of each
/// form against the device's own copy rate, measured in the same run. The lesson's point:
/// `parallel for` alone leaves most of a GPU idle (GCC gives it one lane of each 32-lane
/// warp); `simd` fills the warps.
#include "offload.hpp"

#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>
#include <workbook/stopwatch.hpp>

#include <fmt/core.h>
#include <omp.h>

#include <cstddef>
#include <string>
#include <vector>

namespace {

// clang-format 14 lays out OpenMP's array sections as `x [0:n]` and breaks map clauses
// apart: the directives below are laid out by hand.
// clang-format off

// Each form takes plain pointers and is called inside the `target data` region of main():
// the map clauses find the arrays already on the device and move nothing. (A lambda that
// captured the arrays by reference and ran a region would hand the device host addresses.)

/// The form lesson 05 would write for a device: teams share the loop, threads split each
/// team's part. GCC runs a team's threads as warps, with one lane each.
void saxpy_naive(int device, float a, const float* x, const float* y, float* z, long n) {
#pragma omp target teams distribute parallel for device(device) map(to : x[0 : n], y[0 : n]) map(from : z[0 : n])
    for (long i = 0; i < n; ++i) z[i] = a * x[i] + y[i];
}

/// The same with `simd`: the iterations of a thread spread over the 32 lanes of its warp.
void saxpy_simd(int device, float a, const float* x, const float* y, float* z, long n) {
#pragma omp target teams distribute parallel for simd device(device) map(to : x[0 : n], y[0 : n]) map(from : z[0 : n])
    for (long i = 0; i < n; ++i) z[i] = a * x[i] + y[i];
}

/// The same with the launch shape chosen by hand, as tuning guides suggest: more is not
/// better when the compiler's choice already fills the card.
void saxpy_shaped(int device, float a, const float* x, const float* y, float* z, long n) {
#pragma omp target teams distribute parallel for simd device(device) num_teams(4096) thread_limit(256) \
    map(to : x[0 : n], y[0 : n]) map(from : z[0 : n])
    for (long i = 0; i < n; ++i) z[i] = a * x[i] + y[i];
}

/// A copy written as a loop: 8 bytes an element instead of 12.
void copy_loop(int device, const float* x, float* z, long n) {
#pragma omp target teams distribute parallel for simd device(device) map(to : x[0 : n]) map(from : z[0 : n])
    for (long i = 0; i < n; ++i) z[i] = x[i];
}

/// The runtime's own copy between two arrays on the device (on an NVIDIA card, the
/// driver's device-to-device copy): the rate the loops are measured against. use_device_ptr
/// gives the device's addresses of the arrays mapped on `device` (without device(), it
/// would look on the default device: another card, on a node of several, after --device 1).
/// `copy_device` is the device number for omp_target_memcpy: the host's own where the
/// regions fall back.
void copy_by_runtime(int device, int copy_device, const float* x, float* z, long n) {
#pragma omp target data device(device) use_device_ptr(x, z)
    omp_target_memcpy(z, x, static_cast<std::size_t>(n) * sizeof(float), 0, 0, copy_device, copy_device);
}

/// Brings z back from the device (inside the data region, only `target update` moves it).
/// [[maybe_unused]]: g++ 12 does not count a use in a `target update` clause.
void fetch(int device, [[maybe_unused]] float* z, [[maybe_unused]] long n) {
#pragma omp target update device(device) from(z[0 : n])
}

/// Fills z on the device with -1, so that the next form has to write every element.
void poison(int device, float* z, long n) {
#pragma omp target teams distribute parallel for simd device(device) map(from : z[0 : n])
    for (long i = 0; i < n; ++i) z[i] = -1.0f;
}

/// The host's cores on the same loop, as lesson 05 writes it.
void saxpy_host(float a, const float* x, const float* y, float* z, long n) {
#pragma omp parallel for simd
    for (long i = 0; i < n; ++i) z[i] = a * x[i] + y[i];
}
// clang-format on

/// Every element exactly right: x and y hold small multiples of 1/4, so a x + y is exact in
/// float whether or not a device contracts it into one fused multiply-add.
bool all_right(const std::vector<float>& x, const std::vector<float>& y, const std::vector<float>& z, float a,
               bool copy) {
    for (std::size_t i = 0; i < z.size(); ++i)
        if (z[i] != (copy ? x[i] : a * x[i] + y[i])) return false;
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    long n = 1L << 26;
    int repeats = 5;
    int device = -1;
    workbook::Cli cli{
        "Lesson 13 demo 'saxpy_forms': z = a x + y on the device in four directive forms, inside\n"
        "one 'target data' region: GB/s of each against the device's own copy rate (omp_target_memcpy)."};
    cli.option("--n", n, "elements of each array (floats)", workbook::between(1, 1e11));
    cli.option("--repeats", repeats, "timed runs of each form; the best counts", workbook::between(1, 100));
    lesson13::add_device_option(cli, device);
    cli.parse(argc, argv);
    const auto [chosen, on_host] = lesson13::place_regions(device);
    const double bytes = 3.0 * sizeof(float) * static_cast<double>(n);
    // About 0.1 ns an element and pass on a 2-core host; 6 forms of 1 + repeats passes.
    lesson13::require_room(chosen, on_host, bytes, 6.0 * (1 + repeats) * 1e-10 * static_cast<double>(n),
                           fmt::format("three arrays of {} floats", n));

    return workbook::run([&] {
        const float a = 2.0f;
        std::vector<float> x(static_cast<std::size_t>(n)), y(x.size()), z(x.size());
        for (std::size_t i = 0; i < x.size(); ++i) {
            x[i] = static_cast<float>(i % 1024) * 0.25f;
            y[i] = static_cast<float>(i % 512);
        }
        float* xp = x.data();
        float* yp = y.data();
        float* zp = z.data();
        const int copy_device = on_host ? omp_get_initial_device() : chosen;
        fmt::print("z = a x + y on n = {} floats ({:.0f} MiB in all), best of {} runs\n", n, bytes / (1 << 20),
                   repeats);
        fmt::print("target regions on device {} ran on: {}\n", chosen, lesson13::where(on_host, chosen));

        struct Form {
            std::string name;
            double seconds, bytes_moved;
            bool right;
        };
        std::vector<Form> forms;
        double simd_seconds = 0;
        const double saxpy_bytes = 12.0 * static_cast<double>(n), copy_bytes = 8.0 * static_cast<double>(n);
        const double host_seconds = workbook::best_of_seconds(repeats, [&] { saxpy_host(a, xp, yp, zp, n); });
        forms.push_back({fmt::format("host cores: parallel for simd ({} threads)", omp_get_max_threads()), host_seconds,
                         saxpy_bytes, all_right(x, y, z, a, false)});
        // One region holds the arrays on the device while every form runs: the timings are
        // the kernels' alone. z comes back once after each form, for its check.
// clang-format off
#pragma omp target data device(chosen) map(to : xp[0 : n], yp[0 : n]) map(alloc : zp[0 : n])
        // clang-format on
        {
            auto on_device = [&](std::string name, double moved, bool copy, auto&& run) {
                const double seconds = workbook::best_of_seconds(repeats, run);
                fetch(chosen, zp, n);
                forms.push_back({std::move(name), seconds, moved, all_right(x, y, z, a, copy)});
                poison(chosen, zp, n);
            };
            on_device("target teams distribute parallel for", saxpy_bytes, false,
                      [&] { saxpy_naive(chosen, a, xp, yp, zp, n); });
            on_device("target teams distribute parallel for simd", saxpy_bytes, false,
                      [&] { saxpy_simd(chosen, a, xp, yp, zp, n); });
            simd_seconds = forms.back().seconds;  // the form the target is about
            on_device("  the same, num_teams(4096) thread_limit(256)", saxpy_bytes, false,
                      [&] { saxpy_shaped(chosen, a, xp, yp, zp, n); });
            on_device("copy z = x, the simd form", copy_bytes, true, [&] { copy_loop(chosen, xp, zp, n); });
            on_device("copy z = x by the runtime (omp_target_memcpy)", copy_bytes, true,
                      [&] { copy_by_runtime(chosen, copy_device, xp, zp, n); });
        }
        const double copy_rate = forms.back().bytes_moved / forms.back().seconds;
        fmt::print("{:<48} {:>10} {:>11} {:>10}\n", "form", "time", "rate", "of copy");
        bool all_forms_right = true;
        for (const auto& form : forms) {
            const double rate = form.bytes_moved / form.seconds;
            fmt::print("{:<48} {:>7.2f} ms {:>6.1f} GB/s {:>9.0f}%{}\n", form.name, 1e3 * form.seconds, rate / 1e9,
                       100.0 * rate / copy_rate, form.right ? "" : "  WRONG ANSWER");
            all_forms_right = all_forms_right && form.right;
        }
        const double simd_share = saxpy_bytes / simd_seconds / copy_rate;
        if (on_host) {
            fmt::print(
                "target (a GPU): the simd form at 25% of the copy rate or more: not judged, these are the "
                "host's figures\n");
        } else {
            fmt::print("target (a GPU): the simd form at 25% of the copy rate or more (aiming for 50%): {} ({:.0f}%)\n",
                       simd_share >= 0.25 ? "met" : "MISSED", 100.0 * simd_share);
        }
        if (!all_forms_right) {
            fmt::print("a form computed a wrong z: see WRONG ANSWER above\n");
            workbook::exit_program(1);
        }
    });
}
