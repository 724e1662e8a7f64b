/// @file hybrid_hello.cpp
/// @brief Hybrid MPI + OpenMP: every rank starts a team of OpenMP threads; each thread says
/// where it runs: rank, thread, host name and the CPU core it is on at that moment.
///
/// On a cluster this is the first program to run in a new job script: it shows whether the
/// ranks landed on the nodes, and the threads on the cores, that the script asked for.
#include <workbook/cli.hpp>
#include <workbook/mpi.hpp>

#include <fmt/core.h>

#include <mpi.h>
#include <omp.h>
#include <sched.h>

#include <string>
#include <vector>

int main(int argc, char** argv) {
    // FUNNELED: threads exist, but only the thread that called MPI_Init makes MPI calls.
    workbook::mpi::Session mpi(argc, argv, MPI_THREAD_FUNNELED);
    workbook::Cli cli{
        "Lesson 12: hybrid hello. Each MPI rank starts OMP_NUM_THREADS OpenMP threads; every\n"
        "thread prints its rank, thread, host and core, in rank and thread order.\n"
        "Run it from the repository root as:\n  OMP_NUM_THREADS=2 build/default/bin/wb_mpiexec 2 "
        "build/default/bin/12_cluster.hybrid_hello"};
    cli.parse(argc, argv);

    return workbook::mpi::run([&] {
        char name[MPI_MAX_PROCESSOR_NAME] = {};
        int length = 0;
        MPI_Get_processor_name(name, &length);
        const std::string host(name, static_cast<std::size_t>(length));

        // Each thread writes its own line into its own slot: no lock, and the rank prints the
        // slots in thread order afterwards.
        std::vector<std::string> lines(static_cast<std::size_t>(omp_get_max_threads()));
#pragma omp parallel
        {
            const int thread = omp_get_thread_num();
            lines[static_cast<std::size_t>(thread)] =
                fmt::format("rank {} of {}, thread {} of {}, on host {}, core {}\n", mpi.rank(), mpi.size(), thread,
                            omp_get_num_threads(), host, sched_getcpu());
        }
        std::string mine;
        for (const auto& line : lines) mine += line;
        workbook::mpi::print_in_rank_order(mine);
    });
}
