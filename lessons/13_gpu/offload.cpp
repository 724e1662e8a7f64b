/// @file offload.cpp
/// @brief Lesson 13's device choice, "where did it run", and the checks of its input (see
/// offload.hpp).
#include "offload.hpp"

#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>

#include <fmt/core.h>
#include <omp.h>

#include <strings.h>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

// OMP_TARGET_OFFLOAD and OMP_DEFAULT_DEVICE are checked before libgomp reads them, with the
// rest of OpenMP's environment (workbook::check_openmp_environment, in common/src/cli.cpp):
// libgomp would print "Invalid value" and go on with DEFAULT, the one setting that falls
// back to the host silently; a user who typed MANDTORY would get a host run while asking
// for a guarantee.

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

/// `value` without the blanks around it equals `word`, ignoring case (as libgomp compares).
bool equals_word(const char* value, const char* word) {
    while (is_space(*value)) ++value;
    const std::size_t length = std::strlen(word);
    if (strncasecmp(value, word, length) != 0) return false;
    value += length;
    while (is_space(*value)) ++value;
    return *value == '\0';
}

}  // namespace

namespace lesson13 {

std::string compiled_for() {
#ifdef WORKBOOK_OFFLOAD_TARGET
    return fmt::format("NVIDIA GPUs ({}) and the host", WORKBOOK_OFFLOAD_TARGET);
#else
    return "the host only (built without gcc-offload-nvptx: `./workbook setup` installs it)";
#endif
}

std::string offload_setting() {
    const char* value = std::getenv("OMP_TARGET_OFFLOAD");
    if (value == nullptr) return "DEFAULT (not set)";
    for (const char* word : {"MANDATORY", "DISABLED", "DEFAULT"})
        if (equals_word(value, word)) return word;
    return value;  // not reached: the check before main() refused it
}

int choose_device(int requested) {
    const int devices = omp_get_num_devices();
    if (offload_setting() == "MANDATORY" && devices == 0)
        workbook::usage_error(
            "OMP_TARGET_OFFLOAD=MANDATORY, but this machine has no device (omp_get_num_devices() = 0): "
            "unset it to run the regions on the host");
    // The device numbers: 0 to devices - 1, and the host's own, omp_get_initial_device()
    // (= devices), which runs a region on the host on purpose. Any other number names
    // nothing: libgomp would run on the host (or stop, under MANDATORY), a mistake to say at once.
    const int host = omp_get_initial_device();
    const auto names_nothing = [&](int device) { return device >= devices && device != host; };
    const auto choices = devices == 0 ? fmt::format("none: the host, device {}, is the one choice", host)
                                      : fmt::format("{}: 0 to {}, and {} for the host", devices, devices - 1, host);
    if (requested >= 0) {
        if (names_nothing(requested))
            workbook::usage_error(fmt::format("--device {}: no such device (this machine has {})", requested, choices));
        return requested;
    }
    const int chosen = omp_get_default_device();
    if (std::getenv("OMP_DEFAULT_DEVICE") != nullptr && names_nothing(chosen))
        workbook::usage_error(
            fmt::format("OMP_DEFAULT_DEVICE={}: no such device (this machine has {})", chosen, choices));
    return chosen;
}

bool region_runs_on_host(int device) {
    int on_host = 1;
#pragma omp target device(device) map(from : on_host)
    on_host = omp_is_initial_device();
    return on_host != 0;
}

void add_device_option(workbook::Cli& cli, int& device) {
    cli.option("--device", device,
               "the device (default: omp_get_default_device()); the host's own number, omp_get_initial_device(), "
               "runs the regions on the host. OMP_TARGET_OFFLOAD=MANDATORY makes a region that cannot reach its "
               "device an error, DISABLED keeps every region on the host, DEFAULT falls back silently",
               workbook::between(-1, 1e6));
}

Placement place_regions(int requested) {
    const int device = choose_device(requested);
    return {device, region_runs_on_host(device)};
}

std::string where(bool on_host, int device) {
    if (!on_host) return fmt::format("device {} of {}", device, omp_get_num_devices());
    if (omp_get_num_devices() == 0) return "the host (no device: omp_get_num_devices() = 0)";
    if (device == omp_get_initial_device()) return fmt::format("the host (device {}: the host's own number)", device);
    return fmt::format("the host (OMP_TARGET_OFFLOAD={})", offload_setting());
}

void require_room(int device, bool on_host, double bytes, double seconds, std::string_view what) {
    // The device first: a refusal must be the only line, and announce_cost prints the cost of
    // a large run before the run. (omp_target_alloc(0) may answer nullptr: nothing to ask.)
    if (!on_host && bytes > 0) {
        void* trial = omp_target_alloc(static_cast<std::size_t>(bytes), device);
        if (trial == nullptr)
            workbook::usage_error(fmt::format("{}: {:.2f} GiB on device {}, which cannot allocate that much", what,
                                              bytes / (1u << 30), device));
        omp_target_free(trial, device);
    }
    workbook::announce_cost(what, bytes, seconds);  // the host's memory holds the arrays in any case
}

}  // namespace lesson13
