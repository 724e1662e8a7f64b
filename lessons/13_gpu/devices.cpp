/// @file devices.cpp
/// @brief What the OpenMP runtime sees: the devices, the offload setting, and where a
/// target region really runs, with the teams and threads a plain region gets there.
/// `--require-gpu` turns it into the question the tests ask: exit 0 where a region runs on
/// a device, 77 (a test's "skipped") where it cannot.
#include "offload.hpp"

#include <workbook/cli.hpp>

#include <fmt/core.h>
#include <omp.h>

namespace {

/// The team a region `target teams` + `parallel` gets on `device` when it asks for nothing:
/// what GCC chose for it (on an NVIDIA GPU a team is a block of threads, a thread a warp).
struct TeamShape {
    int teams = 0, threads = 0, on_host = 1;
};

TeamShape default_team_shape(int device) {
    TeamShape shape;
#pragma omp target teams device(device) map(tofrom : shape)
    {
#pragma omp parallel
        {
            if (omp_get_team_num() == 0 && omp_get_thread_num() == 0) {
                shape.teams = omp_get_num_teams();
                shape.threads = omp_get_num_threads();
                shape.on_host = omp_is_initial_device();
            }
        }
    }
    return shape;
}

}  // namespace

int main(int argc, char** argv) {
    int device = -1;
    bool require_gpu = false;
    workbook::Cli cli{
        "Lesson 13 demo 'devices': the devices OpenMP sees, the OMP_TARGET_OFFLOAD setting, and\n"
        "where a target region runs: on a device, or on the host, which DEFAULT allows silently."};
    lesson13::add_device_option(cli, device);
    cli.flag("--require-gpu", require_gpu,
             "only say whether a region runs on a device: exit 0 if so, 77 if not (what the gpu tests ask)");
    cli.parse(argc, argv);
    if (require_gpu && omp_get_num_devices() == 0) {
        // Asked before choose_device(), which refuses MANDATORY without a device: the
        // question "is there a GPU?" has an answer even then.
        fmt::print("no GPU: omp_get_num_devices() = 0, so target regions run on the host\n");
        return 77;
    }
    const int chosen = lesson13::choose_device(device);

    return workbook::run([&] {
        if (require_gpu) {
            const bool on_host = lesson13::region_runs_on_host(chosen);
            if (on_host) {
                fmt::print("no GPU: target regions run on {}\n", lesson13::where(true, chosen));
                workbook::exit_program(77);
            }
            fmt::print("a GPU runs target regions: {}\n", lesson13::where(false, chosen));
            return;
        }
        fmt::print("compiled for: {}\n", lesson13::compiled_for());
        fmt::print("OMP_TARGET_OFFLOAD: {}\n", lesson13::offload_setting());
        fmt::print("devices: {} (omp_get_num_devices()); the host is device number {} (omp_get_initial_device())\n",
                   omp_get_num_devices(), omp_get_initial_device());
        fmt::print("the regions below go to device {}\n", chosen);
        const TeamShape shape = default_team_shape(chosen);
        fmt::print("a 'target teams' region with 'parallel' inside ran on: {}\n",
                   lesson13::where(shape.on_host != 0, chosen));
        fmt::print("  it got {} team{} of {} thread{} (omp_get_num_teams(), omp_get_num_threads())\n", shape.teams,
                   shape.teams == 1 ? "" : "s", shape.threads, shape.threads == 1 ? "" : "s");
        if (shape.on_host != 0) {
            fmt::print(
                "  on the host a region gets one team unless num_teams asks for more (they run one after\n"
                "  another), of OMP_NUM_THREADS threads; OMP_TARGET_OFFLOAD=MANDATORY makes a missing\n"
                "  device an error instead of this silent fallback\n");
        }
    });
}
