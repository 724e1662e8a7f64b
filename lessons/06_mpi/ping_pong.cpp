/// @file ping_pong.cpp
/// @brief Latency and bandwidth of MPI messages between two ranks, 8 B to 16 MiB.
#include "ping_pong.hpp"
#include "job_cost.hpp"

#include <workbook/cli.hpp>
#include <workbook/mpi.hpp>
#include <workbook/stopwatch.hpp>

#include <fmt/core.h>

#include <cstdlib>
#include <cstring>
#include <string>

namespace {

/// Copying the same number of bytes inside one process: the ceiling for a message between
/// two processes of the same machine, which needs at least one such copy.
double memcpy_seconds(std::size_t bytes, int repeats) {
    std::vector<std::byte> from(bytes, std::byte{1}), to(bytes);
    std::memcpy(to.data(), from.data(), bytes);  // touch the pages first
    workbook::Stopwatch clock;
    for (int k = 0; k < repeats; ++k) {
        std::memcpy(to.data(), from.data(), bytes);
        // Keep the compiler from dropping copies whose result nobody reads.
        asm volatile("" : : "r"(to.data()) : "memory");
    }
    return clock.seconds() / repeats;
}

std::string size_text(std::size_t bytes) {
    if (bytes >= (1u << 20)) return fmt::format("{} MiB", bytes >> 20);
    if (bytes >= (1u << 10)) return fmt::format("{} KiB", bytes >> 10);
    return fmt::format("{} B", bytes);
}

}  // namespace

int main(int argc, char** argv) {
    workbook::mpi::Session mpi(argc, argv);
    long max_bytes = 16L << 20;
    int most_trips = 10000;
    workbook::Cli cli{
        "Lesson 06: ping-pong. Rank 0 sends a message to rank 1, which sends it back; half a\n"
        "round trip is the latency, bytes per one-way time the bandwidth. Sizes 8 B, 64 B,\n"
        "... (x8) up to --max-bytes. Needs 2 ranks (more are allowed and wait)."};
    cli.option("--max-bytes", max_bytes, "largest message", workbook::between(8, 1L << 30));
    cli.option("--trips", most_trips, "round trips for the small messages", workbook::between(1, 10'000'000));
    cli.parse(argc, argv);
    if (mpi.size() < 2) workbook::usage_error("ping-pong needs at least 2 ranks");
    // Memory: every rank holds a message buffer, rank 0 two more for memcpy. Time: for each
    // size, its round trips at a few us plus the bytes at about 1 GB/s each way, and the
    // same bytes copied at about 3 GB/s (rough figures of a 2-core test machine, measured once).
    const auto largest = static_cast<std::size_t>(max_bytes);
    double seconds = 0.0;
    for (std::size_t bytes = 8; bytes <= largest; bytes *= 8) {
        const double trips = lesson06::round_trips_for(bytes, most_trips), size = static_cast<double>(bytes);
        seconds += trips * (2 * (2e-6 + size / 1e9) + size / 3e9);
        if (bytes < largest && bytes * 8 > largest) bytes = largest / 8;  // the sizes the run will take
    }
    lesson06::announce_job_cost(fmt::format("ping-pong up to {}", size_text(largest)),
                                (mpi.size() + 2.0) * static_cast<double>(max_bytes), seconds);

    return workbook::mpi::run([&] {
        if (mpi.is_root()) {
            const char* mechanism = std::getenv("OMPI_MCA_btl_vader_single_copy_mechanism");
            fmt::print("ping-pong between rank 0 and rank 1 ({} ranks; single-copy mechanism: {})\n", mpi.size(),
                       mechanism != nullptr ? mechanism : "Open MPI's default");
            fmt::print("{:>8} {:>8} {:>13} {:>13} {:>15}\n", "size", "trips", "latency (us)", "MPI (MB/s)",
                       "memcpy (MB/s)");
        }
        for (std::size_t bytes = 8; bytes <= static_cast<std::size_t>(max_bytes); bytes *= 8) {
            std::vector<std::byte> buffer(bytes, std::byte{7});
            const int trips = lesson06::round_trips_for(bytes, most_trips);
            lesson06::ping_pong(buffer, 1);  // a first trip sets up the connection: not timed
            const double one_way = lesson06::ping_pong(buffer, trips) / 2;
            if (mpi.is_root()) {
                const double copy = memcpy_seconds(bytes, trips);
                const auto megabytes = static_cast<double>(bytes) / 1e6;
                fmt::print("{:>8} {:>8} {:>13.2f} {:>13.0f} {:>15.0f}\n", size_text(bytes), trips, one_way * 1e6,
                           megabytes / one_way, megabytes / copy);
            }
            // The last size may not be a power of 8: end at max_bytes exactly once.
            if (bytes < static_cast<std::size_t>(max_bytes) && bytes * 8 > static_cast<std::size_t>(max_bytes)) {
                bytes = static_cast<std::size_t>(max_bytes) / 8;
            }
        }
    });
}
