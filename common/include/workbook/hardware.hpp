/// @file hardware.hpp
/// @brief What this process may use of the machine.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace workbook {

/// The number of CPUs this process may run on: its affinity mask, not the machine's total.
/// Under Slurm, taskset or a container's cpuset this is what a program should size its
/// thread count by (Python's multiprocessing.cpu_count() reports the machine's total).
int usable_cpus();

/// Thread counts 1, 2, 4, ... up to usable_cpus(), and that count itself when it is not a
/// power of two: a sweep that means something on a laptop and on a 16-core node alike
/// (under `taskset -c 0` it is just 1). Every thread sweep of the workbook uses it.
std::vector<int> thread_sweep();

/// The number of CPUs the machine has online, whatever this process may use.
int online_cpus();

/// Memory this process may still take, in bytes: the kernel's MemAvailable, or less where
/// a cgroup (a container, a Slurm job) limits the process.
std::uint64_t available_memory_bytes();

/// What a run is about to cost, said before it starts when it is large, so that a user
/// who typed one zero too many is not left waiting in silence: a run that needs more
/// memory than the machine has is refused (one line, exit 2); one that needs more than
/// 1 GiB or an estimated 10 s or more is announced on stderr with both figures.
/// @param what      the run, for the messages ("a 8000 x 8000 matrix product")
/// @param bytes     the memory it needs
/// @param seconds   a rough estimate of its time (0: unknown)
void announce_cost(std::string_view what, double bytes, double seconds);

}  // namespace workbook
