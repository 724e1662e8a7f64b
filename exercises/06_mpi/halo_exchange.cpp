/// @file halo_exchange.cpp
/// @brief Exercise (stub): the halo exchange of a 1-D grid split into blocks, one block
/// per rank. Each step replaces every value by the average of itself and its two neighbours;
/// the values at the edge of a block need one value from the neighbouring rank, which the
/// exchange puts into the block's ghost cells. Graded at 2, 3 and 4 ranks: the result must
/// be the same as on one rank.
#include "job_cost.hpp"

#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>
#include <workbook/mpi.hpp>

#include <fmt/core.h>

#include <mpi.h>

#include <algorithm>
#include <string>
#include <vector>

/// `block` holds this rank's values in block[1] .. block[n], with a ghost cell at each end:
/// block[0] for the left neighbour's last value, block[n + 1] for the right neighbour's
/// first. `left` and `right` are the neighbours' ranks, MPI_PROC_NULL at the ends of the
/// grid (a send to or receive from MPI_PROC_NULL does nothing, so the end ghosts keep 0).
void exchange_halos(std::vector<double>& block, int left, int right) {
    const int n = static_cast<int>(block.size()) - 2;
    // TODO(06): fill the ghost cells. Send my last value, block[n], to `right` while
    //           receiving my left neighbour's last value into block[0]; then send my first
    //           value, block[1], to `left` while receiving into block[n + 1]. MPI_Sendrecv
    //           does a send and a receive together, without deadlock.
    //           Lesson text: lessons/06_mpi/README.md, "Halo exchange".
    (void)n;
    (void)left;
    (void)right;
}

int main(int argc, char** argv) {
    workbook::mpi::Session mpi(argc, argv);
    long points = 12;
    int steps = 3;
    workbook::Cli cli{
        "Lesson 06 exercise 'halo_exchange': smooth a 1-D grid split over the ranks; each\n"
        "step needs one value from each neighbouring rank (the halo)."};
    cli.option("--points", points, "grid points", workbook::between(1, 10'000'000));
    cli.option("--steps", steps, "smoothing steps", workbook::between(0, 1'000'000));
    cli.parse(argc, argv);
    if (points < mpi.size())
        workbook::usage_error(fmt::format("{} points cannot be shared by {} ranks", points, mpi.size()));
    // Memory: two blocks of doubles, and the printed grid (some 9 characters a point) on its
    // rank and again at rank 0. Time: about 4 ns a point a step on one core (measured once on
    // a 2-core test machine), shared by the ranks, no faster than the CPUs.
    const double grid = static_cast<double>(points);
    lesson06::announce_job_cost(fmt::format("{} steps on {} points", steps, points), 40 * grid,
                                4e-9 * grid * steps / std::min(mpi.size(), workbook::online_cpus()));

    return workbook::mpi::run([&] {
        const int rank = mpi.rank(), size = mpi.size();
        const long base = points / size, extra = points % size;
        const long mine = base + (rank < extra ? 1 : 0);
        const long first = rank * base + std::min<long>(rank, extra);
        const int left = rank > 0 ? rank - 1 : MPI_PROC_NULL;
        const int right = rank < size - 1 ? rank + 1 : MPI_PROC_NULL;

        // First, where does each ghost value come from? Every point holds its own number (-1 in
        // the ghost cells), and one exchange fills the ghosts: each rank says what it got.
        std::vector<double> block(static_cast<std::size_t>(mine) + 2, -1.0), next(block.size(), 0.0);
        for (long i = 0; i < mine; ++i) block[static_cast<std::size_t>(i) + 1] = static_cast<double>(first + i);
        exchange_halos(block, left, right);
        const auto ghost = [](double value, int neighbour) {
            if (value != -1.0) return fmt::format("point {:g}", value);
            return neighbour == MPI_PROC_NULL ? std::string("none (no neighbour)")
                                              : fmt::format("NOT FILLED (rank {} is there)", neighbour);
        };
        if (mpi.is_root()) {
            fmt::print(
                "{} points on {} ranks; each point holds its own number, and one exchange fills the "
                "ghost cells:\n",
                points, size);
        }
        workbook::mpi::print_in_rank_order(fmt::format("rank {} owns points {} to {}, ghosts: left = {}, right = {}\n",
                                                       rank, first, first + mine - 1, ghost(block.front(), left),
                                                       ghost(block.back(), right)));

        // Then the smoothing, from a spiky start: 0 everywhere but every fourth point (whole
        // numbers, exact in binary); the ghosts at the ends of the grid stay 0.
        std::fill(block.begin(), block.end(), 0.0);
        for (long i = 0; i < mine; ++i) block[static_cast<std::size_t>(i) + 1] = (first + i) % 4 == 0 ? 81.0 : 0.0;
        for (int s = 0; s < steps; ++s) {
            exchange_halos(block, left, right);
            for (std::size_t i = 1; i + 1 < block.size(); ++i) next[i] = (block[i - 1] + block[i] + block[i + 1]) / 3;
            std::swap(block, next);
        }

        // The whole grid, block after block in rank order, each line labelled with its rank.
        std::string values;
        for (long i = 0; i < mine; ++i) values += fmt::format(" {:.4f}", block[static_cast<std::size_t>(i) + 1]);
        if (mpi.is_root()) fmt::print("after {} steps of smoothing (81 at every fourth point to start with):\n", steps);
        workbook::mpi::print_in_rank_order(fmt::format("rank {}:{}\n", rank, values));
    });
}
