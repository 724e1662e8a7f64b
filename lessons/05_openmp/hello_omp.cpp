/// @file hello_omp.cpp
/// @brief OpenMP is a compiler option plus directives: a parallel region where every
/// thread of the team says hello, and a parallel for that splits a loop among the team.
#include <workbook/cli.hpp>

#include <fmt/core.h>
#include <omp.h>

#include <vector>

int main(int argc, char** argv) {
    int threads = omp_get_max_threads();  // OMP_NUM_THREADS, or one per CPU
    int iterations = 8;
    workbook::Cli cli{
        "Lesson 05 demo 'hello_omp': '#pragma omp parallel' starts a team of threads,\n"
        "'#pragma omp parallel for' splits a loop among them. Built with -fopenmp;\n"
        "without it the pragmas are ignored and the program runs on one thread."};
    cli.option("--threads", threads, "threads in the team (default: OMP_NUM_THREADS)",
               workbook::between(1, workbook::max_threads));
    cli.option("--iterations", iterations, "iterations of the parallel loop", workbook::between(1, 1000));
    cli.parse(argc, argv);

    return workbook::run([&] {
        // What the environment asked for; --threads overrides it, as omp_set_num_threads does.
        fmt::print("compiled with OpenMP {} (_OPENMP = {})\n", _OPENMP == 201511 ? "4.5" : "?", _OPENMP);
        omp_set_num_threads(threads);

        fmt::print("== #pragma omp parallel: every thread of the team runs the block\n");
#pragma omp parallel
        {
            // Each thread has its own id; the order they print in is whatever the OS picks.
            const int id = omp_get_thread_num();
            const int team = omp_get_num_threads();
#pragma omp critical  // one thread at a time prints its whole line
            fmt::print("hello from thread {} of {}\n", id, team);
        }

        fmt::print("== #pragma omp parallel for: {} iterations split among the team\n", iterations);
        std::vector<int> owner(static_cast<std::size_t>(iterations), -1);
#pragma omp parallel for schedule(static)
        for (int i = 0; i < iterations; ++i) owner[static_cast<std::size_t>(i)] = omp_get_thread_num();
        // Printed after the loop, in order: schedule(static) gives each thread one block.
        for (int i = 0; i < iterations; ++i)
            fmt::print("iteration {} ran on thread {}\n", i, owner[static_cast<std::size_t>(i)]);
        fmt::print("outside the regions again: {} thread\n", omp_get_num_threads());
    });
}
