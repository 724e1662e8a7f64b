/// @file bench.hpp
/// @brief The workbook's start of a Google Benchmark program: the same contract as every
/// other program (--help exits 0; a bad flag or value is one line on stderr and exit 2;
/// the OpenMP environment is checked), where Google Benchmark alone exits 1 and may print
/// two lines for one bad value.
#pragma once

#include <benchmark/benchmark.h>

#include <string_view>

namespace workbook {

/// Parses Google Benchmark's flags (benchmark::Initialize) under the workbook's contract;
/// returns only when every argument was understood. `--help` prints `about` (what the
/// program measures and how it is started) and Google Benchmark's options, then exits 0
/// under the exit policy: in an MPI job (workbook::mpi::Session) only rank 0 prints, and
/// every rank finalizes MPI first.
void init_benchmarks(int& argc, char** argv, std::string_view about = {});

/// The thread counts of workbook::thread_sweep() (1, 2, 4, ... up to the usable CPUs) as
/// the argument `threads`. For BENCHMARK(...)->Apply().
void sweep_usable_cpus(benchmark::internal::Benchmark* benchmark);

}  // namespace workbook
