#include "workbook/hardware.hpp"

#include "workbook/cli.hpp"

#include <fmt/core.h>

#include <sched.h>
#include <unistd.h>
#include <fstream>
#include <limits>
#include <string>

namespace workbook {

int usable_cpus() {
    cpu_set_t allowed;
    CPU_ZERO(&allowed);
    if (sched_getaffinity(0, sizeof(allowed), &allowed) == 0) {
        const int count = CPU_COUNT(&allowed);
        if (count > 0) { return count; }
    }
    return online_cpus();
}

std::vector<int> thread_sweep() {
    const int usable = usable_cpus();
    std::vector<int> counts;
    for (int threads = 1; threads < usable; threads *= 2) counts.push_back(threads);
    counts.push_back(usable);
    return counts;
}

int online_cpus() {
    const long count = sysconf(_SC_NPROCESSORS_ONLN);
    return count > 0 ? static_cast<int>(count) : 1;
}

namespace {

/// A number from a one-line file such as /sys/fs/cgroup/memory.max ("max": no limit).
std::uint64_t read_limit(const char* path) {
    std::ifstream in(path);
    std::string text;
    if (!(in >> text) || text == "max") return std::numeric_limits<std::uint64_t>::max();
    try {
        return std::stoull(text);
    } catch (const std::exception&) { return std::numeric_limits<std::uint64_t>::max(); }
}

std::string size_in_words(double bytes) {
    if (bytes >= 1024.0 * 1024 * 1024) return fmt::format("{:.1f} GiB", bytes / (1024.0 * 1024 * 1024));
    return fmt::format("{:.0f} MiB", bytes / (1024.0 * 1024));
}

}  // namespace

std::uint64_t available_memory_bytes() {
    std::uint64_t available = std::numeric_limits<std::uint64_t>::max();
    std::ifstream meminfo("/proc/meminfo");
    for (std::string key; meminfo >> key;) {
        std::uint64_t kib = 0;
        std::string unit;
        meminfo >> kib >> unit;
        if (key == "MemAvailable:") {
            available = kib * 1024;
            break;
        }
    }
    // cgroup v2: the limit of this process's group, less what the group already uses.
    const auto limit = read_limit("/sys/fs/cgroup/memory.max");
    if (limit != std::numeric_limits<std::uint64_t>::max()) {
        const auto used = read_limit("/sys/fs/cgroup/memory.current");
        const auto room = used < limit ? limit - used : 0;
        if (room < available) available = room;
    }
    return available;
}

void announce_cost(std::string_view what, double bytes, double seconds) {
    const double available = static_cast<double>(available_memory_bytes());
    if (bytes > available) {
        usage_error(fmt::format("{} needs about {} of memory, and this machine has {} available", what,
                                size_in_words(bytes), size_in_words(available)));
    }
    constexpr double large_bytes = 1024.0 * 1024 * 1024, long_seconds = 10.0;
    if (bytes < large_bytes && seconds < long_seconds) return;
    // Memory is worth a word only when there is a lot of it.
    constexpr double worth_saying = 64.0 * 1024 * 1024;
    std::string needs;
    if (bytes >= worth_saying || seconds <= 0) needs = fmt::format("{} of memory", size_in_words(bytes));
    if (seconds > 0) needs += fmt::format("{}{:.0f} s here", needs.empty() ? "" : " and ", seconds);
    const std::string cost = fmt::format("{}: {} needs about {}", program_name(), what, needs);
    fmt::print(stderr, "{} (Ctrl-C stops it)\n", cost);
}

}  // namespace workbook
