/// @file hello_mpi.cpp
/// @brief The first MPI program: the same program runs as N processes, each with its rank.
#include <workbook/cli.hpp>
#include <workbook/mpi.hpp>

#include <fmt/core.h>

#include <mpi.h>

#include <unistd.h>
#include <cstdio>
#include <string>

int main(int argc, char** argv) {
    // MPI_Init here, MPI_Finalize when `mpi` goes out of scope at the end of main.
    workbook::mpi::Session mpi(argc, argv);
    workbook::Cli cli{
        "Lesson 06: hello from every rank. mpiexec starts the same program N times; each\n"
        "copy learns its rank (0 to N-1) and the job's size, and nothing else is shared.\n"
        "Run it from the repository root as:\n  build/default/bin/wb_mpiexec 4 build/default/bin/06_mpi.hello_mpi"};
    cli.parse(argc, argv);

    return workbook::mpi::run([&] {
        char name[MPI_MAX_PROCESSOR_NAME] = {};
        int length = 0;
        MPI_Get_processor_name(name, &length);
        const std::string line = fmt::format("Hello, World! I am process {} of {} on {} (pid {}).\n", mpi.rank(),
                                             mpi.size(), std::string(name, static_cast<std::size_t>(length)), getpid());

        // 1. Every rank prints for itself. Each line travels from its process to mpiexec on
        //    its own, so the order changes from run to run: nobody decides it.
        if (mpi.is_root()) fmt::print("== each rank prints its own line (any order):\n");
        std::fflush(stdout);
        MPI_Barrier(MPI_COMM_WORLD);
        fmt::print("{}", line);
        std::fflush(stdout);
        // A barrier does not order the output: it only says every rank has *printed*, not
        // that mpiexec has shown it. Lines of part 1 can still turn up below this point.
        MPI_Barrier(MPI_COMM_WORLD);

        // 2. The same lines sent to rank 0, which prints them in rank order.
        if (mpi.is_root()) fmt::print("== gathered at rank 0, printed in rank order:\n");
        workbook::mpi::print_in_rank_order(line);
    });
}
