/// @file heat_rod.hpp
/// @brief The 1-D heat equation on a rod split over the ranks of a communicator: each rank
/// owns a block of the grid and swaps one edge value with each neighbour every step (the
/// halo exchange). heat1d.cpp runs it on every rank of the job; lesson 11's rank_sweep on
/// 1, 2, 4, ... of them.
#pragma once

#include <mpi.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <vector>

namespace lesson06 {

/// u(x, 0) = sin(pi x) at interior point i of `points` (x = (i + 1) / (points + 1)).
inline double heat_initial(long i, long points) {
    return std::sin(std::numbers::pi * static_cast<double>(i + 1) / static_cast<double>(points + 1));
}

/// One explicit step on u[1..n] (u[0] and u[n+1] are the halo or the fixed ends).
inline void heat_step(const std::vector<double>& u, std::vector<double>& next, double r) {
    for (std::size_t i = 1; i + 1 < u.size(); ++i) next[i] = u[i] + r * (u[i - 1] - 2 * u[i] + u[i + 1]);
}

/// This rank's block of the rod: points [first, first + count), the remainder of
/// points / ranks spread over the first ranks.
struct RodBlock {
    long first, count;
};

inline RodBlock rod_block(long points, int ranks, int rank) {
    const long base = points / ranks, extra = points % ranks;
    return {rank * base + std::min<long>(rank, extra), base + (rank < extra ? 1 : 0)};
}

/// Runs `steps` steps with r = dt / dx^2 on this rank's block of the rod shared by `comm`;
/// returns the block (u[1..count], with the halo cells at both ends) and sets `seconds` to
/// the time the steps took here.
inline std::vector<double> heat_rod(MPI_Comm comm, long points, long steps, double r, double& seconds) {
    int rank = 0, size = 1;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    const RodBlock mine = rod_block(points, size, rank);
    std::vector<double> u(static_cast<std::size_t>(mine.count) + 2, 0.0), next(u.size(), 0.0);
    for (long i = 0; i < mine.count; ++i) u[static_cast<std::size_t>(i) + 1] = heat_initial(mine.first + i, points);

    // Neighbours; MPI_PROC_NULL at the ends of the rod makes those sends and receives
    // do nothing, so the fixed boundary values u = 0 stay as they are.
    const int left = rank > 0 ? rank - 1 : MPI_PROC_NULL;
    const int right = rank < size - 1 ? rank + 1 : MPI_PROC_NULL;
    const int n = static_cast<int>(mine.count);

    MPI_Barrier(comm);
    const double start = MPI_Wtime();
    for (long s = 0; s < steps; ++s) {
        // Halo exchange: my last value goes right while my left neighbour's last value
        // arrives in u[0]; then the same towards the left.
        MPI_Sendrecv(&u[static_cast<std::size_t>(n)], 1, MPI_DOUBLE, right, 0, &u[0], 1, MPI_DOUBLE, left, 0, comm,
                     MPI_STATUS_IGNORE);
        MPI_Sendrecv(&u[1], 1, MPI_DOUBLE, left, 1, &u[static_cast<std::size_t>(n) + 1], 1, MPI_DOUBLE, right, 1, comm,
                     MPI_STATUS_IGNORE);
        heat_step(u, next, r);
        std::swap(u, next);
    }
    seconds = MPI_Wtime() - start;
    return u;
}

}  // namespace lesson06
