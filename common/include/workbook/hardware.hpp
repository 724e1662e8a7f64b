/// @file hardware.hpp
/// @brief What this process may use of the machine.
#pragma once

namespace workbook {

/// The number of CPUs this process may run on: its affinity mask, not the machine's total.
/// Under Slurm, taskset or a container's cpuset this is what a program should size its
/// thread count by (Python's multiprocessing.cpu_count() reports the machine's total).
int usable_cpus();

/// The number of CPUs the machine has online, whatever this process may use.
int online_cpus();

}  // namespace workbook
