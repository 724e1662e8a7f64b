/// @file ping_pong.hpp
/// @brief The ping-pong measurement shared by the ping_pong demo and the benchmark.
#pragma once

#include <mpi.h>

#include <cstddef>
#include <vector>

namespace lesson06 {

/// Rank 0 sends `buffer` to rank 1, which sends it straight back, `round_trips` times.
/// Returns the seconds per round trip on ranks 0 and 1 (half of it is the one-way time
/// that latency tables show); other ranks take no part and return 0.
///
/// Plain MPI_Send and MPI_Recv: what any MPI program of any language calls underneath.
inline double ping_pong(std::vector<std::byte>& buffer, int round_trips) {
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    if (rank > 1) return 0.0;
    const int other = 1 - rank;
    const int count = static_cast<int>(buffer.size());
    constexpr int tag = 0;
    const double start = MPI_Wtime();
    for (int trip = 0; trip < round_trips; ++trip) {
        if (rank == 0) {
            MPI_Send(buffer.data(), count, MPI_BYTE, other, tag, MPI_COMM_WORLD);
            MPI_Recv(buffer.data(), count, MPI_BYTE, other, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        } else {
            MPI_Recv(buffer.data(), count, MPI_BYTE, other, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            MPI_Send(buffer.data(), count, MPI_BYTE, other, tag, MPI_COMM_WORLD);
        }
    }
    return (MPI_Wtime() - start) / round_trips;
}

/// How many round trips give a steady figure for messages of `bytes`: many for tiny
/// messages (each takes about a microsecond), a few for 16 MiB ones.
inline int round_trips_for(std::size_t bytes, int most) {
    const std::size_t budget = std::size_t{64} << 20;  // about 64 MiB moved each way
    const std::size_t trips = budget / bytes;
    return static_cast<int>(trips < 3 ? 3 : (trips > static_cast<std::size_t>(most) ? most : trips));
}

}  // namespace lesson06
