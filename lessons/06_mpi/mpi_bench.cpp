/// @file mpi_bench.cpp
/// @brief Ping-pong latency and bandwidth between two ranks, against copying the same bytes
/// inside one process (the machine's limit for a message between processes here).
///
/// Run on 2 ranks (`./workbook bench 06` does): rank 0 runs the benchmarks, rank 1 echoes
/// every message back until rank 0 sends the stop tag. The message loop is the bare
/// MPI_Send/MPI_Recv pair that lesson06::ping_pong and any MPI code uses.
#include "ping_pong.hpp"

#include <workbook/bench.hpp>
#include <workbook/cli.hpp>
#include <workbook/mpi.hpp>

#include <benchmark/benchmark.h>
#include <fmt/core.h>

#include <cstdio>
#include <cstring>
#include <string_view>
#include <vector>

namespace {

constexpr int echo_tag = 1;
constexpr int stop_tag = 2;
constexpr std::size_t largest = std::size_t{1} << 20;

/// Rank 1: send every message back as it came, with its tag, until the stop tag.
void echo_until_stopped() {
    std::vector<std::byte> buffer(largest);
    while (true) {
        MPI_Status status;
        MPI_Recv(buffer.data(), static_cast<int>(buffer.size()), MPI_BYTE, 0, MPI_ANY_TAG, MPI_COMM_WORLD, &status);
        if (status.MPI_TAG == stop_tag) return;
        int bytes = 0;
        MPI_Get_count(&status, MPI_BYTE, &bytes);
        MPI_Send(buffer.data(), bytes, MPI_BYTE, 0, status.MPI_TAG, MPI_COMM_WORLD);
    }
}

/// One iteration is one round trip of state.range(0) bytes; time per item is the round trip.
void BM_ping_pong(benchmark::State& state) {
    std::vector<std::byte> buffer(static_cast<std::size_t>(state.range(0)), std::byte{3});
    const int count = static_cast<int>(buffer.size());
    for (auto _ : state) {
        MPI_Send(buffer.data(), count, MPI_BYTE, 1, echo_tag, MPI_COMM_WORLD);
        MPI_Recv(buffer.data(), count, MPI_BYTE, 1, echo_tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(state.iterations() * state.range(0) * 2);
}
BENCHMARK(BM_ping_pong)->Arg(8)->Arg(1 << 10)->Arg(64 << 10)->Arg(1 << 20)->UseRealTime();

/// The same round trips through the demo's lesson06::ping_pong (rank 0's side of it), 100 per
/// call as the demo makes them: what the lesson's code adds to the bare loop above (a rank
/// query and two clock reads per call). Time per item is one round trip.
void BM_ping_pong_lesson(benchmark::State& state) {
    constexpr int trips_per_call = 100;
    std::vector<std::byte> buffer(static_cast<std::size_t>(state.range(0)), std::byte{3});
    for (auto _ : state) benchmark::DoNotOptimize(lesson06::ping_pong(buffer, trips_per_call));
    state.SetItemsProcessed(state.iterations() * trips_per_call);
}
BENCHMARK(BM_ping_pong_lesson)->Arg(8)->UseRealTime();

/// The same bytes copied twice (there and back) inside one process.
void BM_memcpy_round_trip(benchmark::State& state) {
    const auto bytes = static_cast<std::size_t>(state.range(0));
    std::vector<std::byte> a(bytes, std::byte{3}), b(bytes);
    for (auto _ : state) {
        std::memcpy(b.data(), a.data(), bytes);
        benchmark::DoNotOptimize(b.data());
        std::memcpy(a.data(), b.data(), bytes);
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(state.iterations() * state.range(0) * 2);
}
BENCHMARK(BM_memcpy_round_trip)->Arg(8)->Arg(1 << 10)->Arg(64 << 10)->Arg(1 << 20)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
    workbook::mpi::Session mpi(argc, argv);
    // Every rank reads the same command line, so every rank reaches the same verdict: a bad
    // flag is one line from rank 0 and exit code 2 on every rank (the Session's exit policy).
    workbook::init_benchmarks(
        argc, argv,
        "Lesson 06 benchmark: ping-pong latency and bandwidth between two ranks, against memcpy of\n"
        "the same bytes in one process.\n"
        "Usage: build/default/bin/wb_mpiexec 2 build/default/bin/06_mpi.mpi_bench [Google Benchmark options]\n"
        "(from the repository root; exactly 2 ranks)");
    if (mpi.size() != 2) workbook::usage_error("ping-pong runs on exactly 2 ranks");
    if (mpi.rank() == 1) {
        echo_until_stopped();
        return 0;
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    MPI_Send(nullptr, 0, MPI_BYTE, 1, stop_tag, MPI_COMM_WORLD);
    return 0;
}
