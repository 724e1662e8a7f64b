/// @file job_cost.hpp
/// @brief workbook::announce_cost for a whole MPI job: said once, and a refusal ends every rank.
#pragma once

#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>

#include <mpi.h>

#include <string_view>

namespace lesson06 {

/// What the whole job is about to cost (workbook::announce_cost: a large run is announced on
/// stderr, one that cannot fit in this machine's memory is refused with exit code 2), judged
/// once, by rank 0, and followed by every rank: the announcement is one line, not one per
/// rank, and a refusal ends every rank with exit code 2 instead of leaving the others waiting
/// for a rank that has gone. Collective: every rank calls it, after Cli::parse.
/// @param bytes  the memory of all ranks together: they share one machine in the lesson's
///               runs (across nodes this is more than one node needs)
inline void announce_job_cost(std::string_view what, double bytes, double seconds) {
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    int go = 0;
    if (rank == 0) {
        // A refusal leaves announce_cost through the exit policy: tell the others first.
        const auto previous = workbook::set_exit_policy({.speaks = true, .before_exit = [] {
                                                             int refused = 0;
                                                             MPI_Bcast(&refused, 1, MPI_INT, 0, MPI_COMM_WORLD);
                                                             MPI_Finalize();
                                                         }});
        workbook::announce_cost(what, bytes, seconds);
        workbook::set_exit_policy(previous);
        go = 1;
    }
    MPI_Bcast(&go, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (go == 0) workbook::exit_program(2);  // quietly, under the Session's policy
}

}  // namespace lesson06
