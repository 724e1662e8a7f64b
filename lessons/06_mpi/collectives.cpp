/// @file collectives.cpp
/// @brief The five collectives every MPI program uses: Bcast, Scatter, Gather, Reduce, Allreduce.
///
/// A collective is called by every rank of the communicator, and MPI moves the data in a
/// pattern (a tree, usually) that beats hand-written loops of sends and receives.
#include <workbook/cli.hpp>
#include <workbook/mpi.hpp>

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <mpi.h>

#include <numeric>
#include <vector>

int main(int argc, char** argv) {
    workbook::mpi::Session mpi(argc, argv);
    int per_rank = 3;
    workbook::Cli cli{
        "Lesson 06: collectives. Rank 0 broadcasts a setting, scatters an array, every rank\n"
        "works on its piece, and the results come back with Gather, Reduce and Allreduce."};
    cli.option("--per-rank", per_rank, "numbers each rank gets from the scatter", workbook::between(1, 1'000'000));
    cli.parse(argc, argv);

    return workbook::mpi::run([&] {
        const bool root = mpi.is_root();

        // MPI_Bcast: rank 0's value, copied to every rank.
        int scale = root ? 10 : 0;
        MPI_Bcast(&scale, 1, MPI_INT, 0, MPI_COMM_WORLD);
        if (root) fmt::print("MPI_Bcast: rank 0 sends scale = 10 to everyone\n");
        workbook::mpi::print_in_rank_order(fmt::format("  rank {} has scale = {}\n", mpi.rank(), scale));

        // MPI_Scatter: rank 0's array cut into equal pieces, piece r to rank r.
        std::vector<long> all;
        if (root) {
            all.resize(static_cast<std::size_t>(per_rank) * static_cast<std::size_t>(mpi.size()));
            std::iota(all.begin(), all.end(), 1L);
            fmt::print("MPI_Scatter: rank 0 cuts {} into {} pieces\n", all, mpi.size());
        }
        std::vector<long> piece(static_cast<std::size_t>(per_rank));
        MPI_Scatter(all.data(), per_rank, MPI_LONG, piece.data(), per_rank, MPI_LONG, 0, MPI_COMM_WORLD);
        workbook::mpi::print_in_rank_order(fmt::format("  rank {} got {}\n", mpi.rank(), piece));

        // Every rank works on its own piece, at the same time.
        long local = 0;
        for (const long x : piece) local += scale * x * x;

        // MPI_Gather: one value from every rank, in rank order, at rank 0.
        std::vector<long> gathered(root ? static_cast<std::size_t>(mpi.size()) : 0);
        MPI_Gather(&local, 1, MPI_LONG, gathered.data(), 1, MPI_LONG, 0, MPI_COMM_WORLD);
        if (root) fmt::print("MPI_Gather: each rank's sum of scale*x*x, at rank 0: {}\n", gathered);

        // MPI_Reduce: the values combined (here added) on the way, only the total arrives.
        long total = 0;
        MPI_Reduce(&local, &total, 1, MPI_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
        if (root) {
            fmt::print("MPI_Reduce(MPI_SUM): the total at rank 0: {} (the gathered values add up to {})\n", total,
                       std::accumulate(gathered.begin(), gathered.end(), 0L));
        }

        // MPI_Allreduce: the same, but every rank gets the result: no second broadcast needed.
        long largest = 0;
        MPI_Allreduce(&local, &largest, 1, MPI_LONG, MPI_MAX, MPI_COMM_WORLD);
        if (root) fmt::print("MPI_Allreduce(MPI_MAX): every rank learns the largest sum\n");
        workbook::mpi::print_in_rank_order(fmt::format("  rank {}: largest = {}\n", mpi.rank(), largest));
    });
}
