/// @file runs.hpp
/// @brief The runs a program is graded or checked on, in the one spelling every layer uses.
///
/// A run line is words: first any `ranks=N` (an MPI program, started as LAUNCHER N PROGRAM
/// ARGS) and `NAME=VALUE` environment settings, then the arguments. `<no arguments>` is a
/// run with none (an empty text would vanish from a CMake list and from a test's command).
///
///     --n 1000003                       OMP_NUM_THREADS=2 --size 640
///     ranks=3 --first 0 --tasks 2       <no arguments>
///
/// The same words appear in an exercise's RUNS (its lesson's CMakeLists, passed to wb_grade
/// as written) and, with the program's name as the first argument, in a lesson text's
/// output marker (`<!-- output: ranks=4 06_mpi.hello_mpi | unordered -->`, wb_doccheck).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace grader {

/// The word for a run with no arguments.
inline constexpr std::string_view no_arguments = "<no arguments>";

/// One run: its rank count (0: not an MPI program), environment and arguments.
struct Run {
    int ranks = 0;
    std::vector<std::pair<std::string, std::string>> env;
    std::vector<std::string> args;
};

/// Reads a run line. Throws std::invalid_argument for a rank count that is not 1 to 4096.
Run parse_run(std::string_view line);

/// Every run an exercise is graded on, in order: each argument set at each rank count
/// (`ranks`, empty: not MPI) and each thread count (`threads`, empty: none given), where a
/// thread count is `--threads T` after the arguments or, for an OpenMP program
/// (`threads_in_environment`), OMP_NUM_THREADS=T: a split that works for some counts only
/// fails. Throws std::invalid_argument for a bad line, or for a line that gives its own
/// ranks= when `ranks` are given too.
std::vector<Run> expand_runs(const std::vector<std::string>& argument_sets, const std::vector<int>& ranks,
                             const std::vector<int>& threads, bool threads_in_environment);

}  // namespace grader
