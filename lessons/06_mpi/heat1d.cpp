/// @file heat1d.cpp
/// @brief The 1-D heat equation split over ranks, with halo exchange; checked against the
/// serial computation and the exact solution.
///
/// u_t = u_xx on [0, 1], u = 0 at both ends, u(x, 0) = sin(pi x); exactly,
/// u(x, t) = exp(-pi^2 t) sin(pi x). Explicit finite differences: each new value needs its
/// two neighbours, so a rank needs one value from each neighbouring rank every step: the
/// "halo" (or ghost) cells.
#include "heat_rod.hpp"
#include "job_cost.hpp"

#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>
#include <workbook/mpi.hpp>

#include <fmt/core.h>

#include <mpi.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

int main(int argc, char** argv) {
    workbook::mpi::Session mpi(argc, argv);
    long points = 20000;
    long steps = 20000;
    workbook::Cli cli{
        "Lesson 06: the 1-D heat equation on several ranks. Each rank owns a block of the\n"
        "grid and swaps one edge value with each neighbour per step (halo exchange).\n"
        "Rank 0 then checks the result against the same computation done serially."};
    cli.option("--points", points, "interior grid points", workbook::between(1, 100'000'000));
    cli.option("--steps", steps, "time steps", workbook::between(1, 100'000'000));
    cli.parse(argc, argv);
    if (points < mpi.size())
        workbook::usage_error(fmt::format("{} points cannot be shared by {} ranks", points, mpi.size()));
    // Memory: every rank's block twice (u and next), and on rank 0 the whole grid and the
    // serial run's two arrays: 5 doubles a point. Time: about 0.55 ns a point a step on one
    // core (measured once on a 2-core test machine), for the parallel run (no faster than the
    // CPUs) and again for the serial check, plus two exchanges of a few us a step.
    const double updates = static_cast<double>(points) * static_cast<double>(steps);
    const int cores = std::min(mpi.size(), workbook::online_cpus());
    lesson06::announce_job_cost(fmt::format("the heat equation on {} points for {} steps", points, steps),
                                5.0 * sizeof(double) * static_cast<double>(points),
                                0.55e-9 * updates * (1.0 + 1.0 / cores) + 4e-6 * static_cast<double>(steps));

    return workbook::mpi::run([&] {
        const int rank = mpi.rank(), size = mpi.size();
        const double dx = 1.0 / static_cast<double>(points + 1);
        const double r = 0.25;  // dt / dx^2: below 1/2, or the explicit scheme blows up
        const double t_end = r * dx * dx * static_cast<double>(steps);

        // My block of the rod, stepped with a halo exchange each step (heat_rod.hpp).
        double parallel_seconds = 0;
        const std::vector<double> u = lesson06::heat_rod(MPI_COMM_WORLD, points, steps, r, parallel_seconds);
        const int n = static_cast<int>(lesson06::rod_block(points, size, rank).count);

        // Collect the blocks at rank 0 (MPI_Gatherv: blocks of different lengths).
        std::vector<int> counts(static_cast<std::size_t>(size)), offsets(static_cast<std::size_t>(size));
        for (int q = 0; q < size; ++q) {
            const auto block = lesson06::rod_block(points, size, q);
            counts[static_cast<std::size_t>(q)] = static_cast<int>(block.count);
            offsets[static_cast<std::size_t>(q)] = static_cast<int>(block.first);
        }
        std::vector<double> whole(mpi.is_root() ? static_cast<std::size_t>(points) : 0);
        MPI_Gatherv(&u[1], n, MPI_DOUBLE, whole.data(), counts.data(), offsets.data(), MPI_DOUBLE, 0, MPI_COMM_WORLD);
        if (!mpi.is_root()) return;

        // The same computation on one process, for the check and the speedup.
        std::vector<double> serial(static_cast<std::size_t>(points) + 2, 0.0), scratch(serial.size(), 0.0);
        for (long i = 0; i < points; ++i) serial[static_cast<std::size_t>(i) + 1] = lesson06::heat_initial(i, points);
        const double serial_start = MPI_Wtime();
        for (long s = 0; s < steps; ++s) {
            lesson06::heat_step(serial, scratch, r);
            std::swap(serial, scratch);
        }
        const double serial_seconds = MPI_Wtime() - serial_start;

        double differs = 0.0, error = 0.0;
        for (long i = 0; i < points; ++i) {
            const double value = whole[static_cast<std::size_t>(i)];
            differs = std::max(differs, std::fabs(value - serial[static_cast<std::size_t>(i) + 1]));
            error = std::max(error, std::fabs(value - std::exp(-std::numbers::pi * std::numbers::pi * t_end) *
                                                          lesson06::heat_initial(i, points)));
        }
        fmt::print("heat equation: {} points, {} steps (t = {:.3g}) on {} ranks\n", points, steps, t_end, size);
        fmt::print("u at x = 1/2: {:.6f} (exact {:.6f})\n", whole[static_cast<std::size_t>(points / 2)],
                   std::exp(-std::numbers::pi * std::numbers::pi * t_end) * lesson06::heat_initial(points / 2, points));
        fmt::print("largest difference from the serial run: {:g}{}\n", differs,
                   differs == 0.0 ? " (the same arithmetic, in the same order: identical)" : "  <-- WRONG");
        fmt::print("largest error against the exact solution: {:.2e} (the discretisation's, not MPI's)\n", error);
        fmt::print("time: {:.3f} s on {} ranks, {:.3f} s serial on rank 0: speedup {:.2f}\n", parallel_seconds, size,
                   serial_seconds, serial_seconds / parallel_seconds);
        if (differs != 0.0) throw std::runtime_error("the parallel result differs from the serial one");
    });
}
