/// @file ring.cpp
/// @brief Exercise (stub): pass a token around a ring of ranks. Rank 0 starts it with 0;
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
        // TODO(06): pass the token. Rank 0 sends `token` to `right`, then receives it from
        //           `left` and records it in `received`. Every other rank receives it from
        //           `left`, records it, adds its own rank number and sends it to `right`.
        //           Use MPI_Send and MPI_Recv with MPI_LONG and `tag`.
        //           Lesson text: lessons/06_mpi/README.md, "Point to point: a ring".
        received.push_back(token);
    }
    (void)right;
    (void)left;
    (void)tag;
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
