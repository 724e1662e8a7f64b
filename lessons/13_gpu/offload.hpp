/// @file offload.hpp
/// @brief What every program of lesson 13 needs around its target regions: which device it
/// uses, where a region really ran, and a refusal (one line, exit 2) for a device that does
/// not exist, a size the device cannot hold, or an OpenMP offload setting that is garbage.
///
/// Why a program must say where it ran: with OMP_TARGET_OFFLOAD unset (DEFAULT), a target
/// region whose device is missing runs on the host without a word. The same binary is a GPU
/// program on a GPU node and a host program on a laptop; only omp_is_initial_device(),
/// asked inside the region, tells them apart.
#pragma once

#include <string>
#include <string_view>

namespace workbook {
class Cli;
}

namespace lesson13 {

/// What the program's target regions were compiled for, in words: "NVIDIA GPUs (nvptx-none,
/// -misa=sm_80) and the host", or the host alone (a build without gcc-offload-nvptx).
std::string compiled_for();

/// The OMP_TARGET_OFFLOAD setting in force, as libgomp reads it: "DEFAULT (not set)",
/// "MANDATORY", "DISABLED".
std::string offload_setting();

/// The device the program's target regions use: `requested` (from --device; -1 for none)
/// or, without it, omp_get_default_device(). Refuses, with one line and exit 2, a device
/// number that is neither a device of this machine nor the host's own number
/// (omp_get_initial_device(), which runs the regions on the host), OMP_DEFAULT_DEVICE naming one, and
/// OMP_TARGET_OFFLOAD=MANDATORY where there is no device at all (libgomp 12 would then run
/// the regions on the host after all: with no device, device 0 is the host).
int choose_device(int requested);

/// Runs an empty target region on `device` and reports whether it ran on the host.
bool region_runs_on_host(int device);

/// Adds the option every program of the lesson has: `--device N`, -1 (the default) for
/// omp_get_default_device().
void add_device_option(workbook::Cli& cli, int& device);

/// Where a program's target regions go: the device chosen (choose_device) and whether
/// they really run there or fall back to the host.
struct Placement {
    int device;
    bool on_host;
};

/// choose_device(requested), then one empty region on it to see where regions run.
Placement place_regions(int requested);

/// "device 0 of 1" or "the host (no device: omp_get_num_devices() = 0)", for a region that
/// ran on the host (`on_host`) or on `device`.
std::string where(bool on_host, int device);

/// Refuses (one line, exit 2) a run whose arrays, `bytes` in all, the device cannot hold:
/// OpenMP has no question for a device's free memory, so it asks by trying to allocate
/// them (omp_target_alloc) and gives them back at once. Then the host's memory, which holds
/// the arrays too (workbook::announce_cost, which also announces a long run).
void require_room(int device, bool on_host, double bytes, double seconds, std::string_view what);

}  // namespace lesson13
