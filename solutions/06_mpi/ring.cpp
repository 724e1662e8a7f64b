/// @file ring.cpp
/// @brief Exercise (solution): pass a token around a ring of ranks. Rank 0 starts it with 0;
/// every other rank receives it from its left neighbour, adds its own rank number and sends
/// it on to the right; rank 0 receives it back at the end of each lap. Graded at 2, 3 and 4
/// ranks.
#include "job_cost.hpp"

#include <workbook/cli.hpp>
#include <workbook/mpi.hpp>

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <mpi.h>

#include <vector>

/// Runs `laps` laps; returns every value of the token this rank received, in order.
std::vector<long> pass_the_token(int rank, int size, int laps) {
    const int right = (rank + 1) % size;
    const int left = (rank + size - 1) % size;
    constexpr int tag = 0;
    std::vector<long> received;
    long token = 0;
    for (int lap = 0; lap < laps; ++lap) {
        if (rank == 0) {
            // Rank 0 sends first and receives last: if every rank received first, nobody
            // would ever send (a deadlock).
            MPI_Send(&token, 1, MPI_LONG, right, tag, MPI_COMM_WORLD);
            MPI_Recv(&token, 1, MPI_LONG, left, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            received.push_back(token);
        } else {
            MPI_Recv(&token, 1, MPI_LONG, left, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            received.push_back(token);
            token += rank;
            MPI_Send(&token, 1, MPI_LONG, right, tag, MPI_COMM_WORLD);
        }
    }
    return received;
}

int main(int argc, char** argv) {
    workbook::mpi::Session mpi(argc, argv);
    int laps = 3;
    workbook::Cli cli{
        "Lesson 06 exercise 'ring': pass a token around a ring of ranks with MPI_Send and\n"
        "MPI_Recv; each rank adds its rank number. Run with at least 2 ranks."};
    cli.option("--laps", laps, "times the token goes round", workbook::between(1, 1'000'000));
    cli.parse(argc, argv);
    if (mpi.size() < 2) workbook::usage_error("a ring needs at least 2 ranks (start it on 2 ranks or more)");
    // Each lap is one message per rank, a few us each (measured once on a 2-core test machine).
    lesson06::announce_job_cost(fmt::format("{} laps of a ring of {} ranks", laps, mpi.size()), 0.0,
                                2e-6 * laps * mpi.size());

    return workbook::mpi::run([&] {
        const auto received = pass_the_token(mpi.rank(), mpi.size(), laps);
        if (mpi.is_root()) fmt::print("a token around a ring of {} ranks, {} laps\n", mpi.size(), laps);
        workbook::mpi::print_in_rank_order(fmt::format("rank {} received {}\n", mpi.rank(), received));
    });
}
