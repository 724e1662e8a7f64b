/// @file mpi.hpp
/// @brief An MPI session that cleans up after itself, and printing in rank order.
///
/// Every MPI lesson starts the same way: MPI_Init, ask for rank and size, parse the
/// options, and make sure that bad input, `--help` or an error on one rank ends the whole
/// job cleanly instead of leaving the other ranks waiting forever.
///
/// @code
/// int main(int argc, char** argv) {
///     workbook::mpi::Session mpi(argc, argv);      // MPI_Init ... MPI_Finalize
///     int n = 1000;
///     workbook::Cli cli{"Pass a token around a ring of ranks."};
///     cli.option("--n", n, "laps", workbook::at_least(1));
///     cli.parse(argc, argv);                      // bad input: one line from rank 0, exit 2 everywhere
///     if (mpi.size() < 2) workbook::usage_error("a ring needs at least 2 ranks");
///     return workbook::mpi::run([&] {
///         workbook::mpi::print_in_rank_order(fmt::format("rank {} of {}\n", mpi.rank(), mpi.size()));
///     });
/// }
/// @endcode
#pragma once

#include <mpi.h>

#include <functional>
#include <string>
#include <string_view>

namespace workbook::mpi {

/// MPI_Init in the constructor, MPI_Finalize in the destructor: one per program, in main.
///
/// While it lives, workbook::Cli and workbook::usage_error speak only on rank 0 and every
/// rank finalizes MPI before exiting: bad input gives one line and exit code 2 on every
/// rank, never one copy of the message per rank or a rank left behind.
class Session {
public:
    /// Starts MPI. `thread_level` is what the program needs (MPI_THREAD_FUNNELED for
    /// OpenMP threads inside a rank that make no MPI calls of their own).
    Session(int& argc, char**& argv, int thread_level = MPI_THREAD_SINGLE);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    /// This process's number in MPI_COMM_WORLD: 0 to size() - 1.
    [[nodiscard]] int rank() const { return rank_; }
    /// How many ranks the job has.
    [[nodiscard]] int size() const { return size_; }
    /// True on rank 0, the rank that prints and collects.
    [[nodiscard]] bool is_root() const { return rank_ == 0; }
    /// The thread support MPI granted (at least the requested level, or the program stops).
    [[nodiscard]] int thread_level() const { return thread_level_; }

private:
    int rank_ = 0;
    int size_ = 1;
    int thread_level_ = MPI_THREAD_SINGLE;
};

/// Prints every rank's `text` in rank order: rank 0's, then rank 1's, and so on.
///
/// Collective: every rank of MPI_COMM_WORLD must call it. Why it is needed: each rank's
/// output travels to mpiexec on its own, so lines printed by several ranks "at the same
/// time" arrive in whatever order the pipes deliver them. Here the texts are gathered at
/// rank 0, which prints them all, in order, and flushes.
void print_in_rank_order(std::string_view text);

/// Runs the body of an MPI program. An exception on any rank prints one line,
/// "program: rank R: error: ...", and ends the whole job with MPI_Abort: the other ranks
/// may be waiting for a message from the failed one, and would otherwise wait forever.
int run(const std::function<void()>& body);

}  // namespace workbook::mpi
