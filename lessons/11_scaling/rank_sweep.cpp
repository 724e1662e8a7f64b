/// @file rank_sweep.cpp
/// @brief Strong scaling over MPI ranks, in one job: lesson 06's heat rod, the same rod each
/// time, solved on 1, 2, 4, ... of the job's ranks (a communicator of the first c ranks,
/// from MPI_Comm_split). Every step each rank swaps one value with each neighbour, and that
/// exchange costs the same however small the rank's block is: as the blocks shrink, the
/// exchange takes a larger share of each step, and the speedup falls behind.
#include "heat_rod.hpp"
#include "job_cost.hpp"
#include "scaling.hpp"

#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>
#include <workbook/mpi.hpp>

#include <fmt/core.h>
#include <mpi.h>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

namespace {

/// 1, 2, 4, ... up to the job's ranks, and that count.
std::vector<int> rank_counts(int ranks) {
    std::vector<int> counts;
    for (int c = 1; c < ranks; c *= 2) counts.push_back(c);
    counts.push_back(ranks);
    return counts;
}

}  // namespace

int main(int argc, char** argv) {
    workbook::mpi::Session mpi(argc, argv);
    long points = 200'000, steps = 2'000;
    int repeats = 3;
    std::string out;
    bool terminal = false;
    workbook::Cli cli{
        "Lesson 11 demo 'rank_sweep': strong scaling over MPI ranks in one job. Lesson 06's heat rod\n"
        "on 1, 2, 4, ... of the job's ranks: time, speedup, efficiency, Karp-Flatt serial fraction."};
    cli.option("--points", points, "interior grid points of the rod", workbook::between(1, 100'000'000));
    cli.option("--steps", steps, "time steps", workbook::between(1, 100'000'000));
    cli.option("--repeats", repeats, "runs at each rank count; the best one counts", workbook::between(1, 100));
    cli.option("--out", out, "also draw speedup and efficiency into this folder (rank_sweep.svg, .png)");
    cli.flag("--terminal", terminal, "also draw the speedup in the terminal");
    cli.parse(argc, argv);
    workbook::require_folder("--out", out);
    if (points < mpi.size())
        workbook::usage_error(fmt::format("{} points cannot be shared by {} ranks", points, mpi.size()));
    const auto counts = rank_counts(mpi.size());
    // About 0.55 ns a point a step on one core, and two exchanges of a few us a step, for
    // every rank count and repeat.
    const double updates = static_cast<double>(points) * static_cast<double>(steps);
    lesson06::announce_job_cost(
        fmt::format("the heat rod on up to {} ranks", mpi.size()), 2.0 * sizeof(double) * static_cast<double>(points),
        static_cast<double>(repeats * counts.size()) * (0.55e-9 * updates + 4e-6 * static_cast<double>(steps)));

    return workbook::mpi::run([&] {
        std::vector<double> best;
        for (const int c : counts) {
            // The first c ranks share the rod; the others wait at the barrier below.
            MPI_Comm team = MPI_COMM_NULL;
            MPI_Comm_split(MPI_COMM_WORLD, mpi.rank() < c ? 0 : MPI_UNDEFINED, mpi.rank(), &team);
            double fastest = std::numeric_limits<double>::max();
            if (team != MPI_COMM_NULL) {
                for (int r = 0; r < repeats; ++r) {
                    double mine = 0, slowest = 0;
                    lesson06::heat_rod(team, points, steps, 0.25, mine);
                    // The team is done when its slowest rank is.
                    MPI_Allreduce(&mine, &slowest, 1, MPI_DOUBLE, MPI_MAX, team);
                    fastest = std::min(fastest, slowest);
                }
                MPI_Comm_free(&team);
            }
            MPI_Barrier(MPI_COMM_WORLD);
            best.push_back(fastest);  // meaningful on rank 0, which is in every team
        }
        if (!mpi.is_root()) return;
        fmt::print("the heat rod: {} points, {} steps, on 1 to {} ranks of the job; best of {} runs each\n", points,
                   steps, mpi.size(), repeats);
        fmt::print("ranks       time  speedup  efficiency  Karp-Flatt serial  points per rank\n");
        for (std::size_t k = 0; k < counts.size(); ++k) {
            const double speedup = best.front() / best[k];
            const std::string serial =
                counts[k] > 1 ? fmt::format("{:.3f}", lesson11::karp_flatt(speedup, counts[k])) : "-";
            fmt::print("{:5d}  {:7.4f} s  {:7.2f}  {:9.0f}%  {:>17}  {:>15}\n", counts[k], best[k], speedup,
                       100 * speedup / counts[k], serial, points / counts[k]);
        }
        if ((!out.empty() || terminal) && counts.size() > 1) {
            lesson11::Curve curve{"measured", counts, {}};
            for (const double seconds : best) curve.speedups.push_back(best.front() / seconds);
            const double f = lesson11::karp_flatt(curve.speedups.back(), counts.back());
            auto speedups = lesson11::speedup_figure("the heat rod: speedup against 1 rank", {curve}, f, 0.0);
            speedups.x_label = "ranks";
            if (!out.empty()) {
                auto efficiency = lesson11::efficiency_figure("the heat rod: efficiency", {curve});
                efficiency.x_label = "ranks";
                const auto written = workbook::plot::line_plot(speedups, out, "rank_sweep");
                workbook::plot::line_plot(efficiency, out, "rank_sweep_efficiency");
                fmt::print("drawn: rank_sweep.svg and rank_sweep_efficiency.svg (and .png) in the --out folder{}\n",
                           written.drawn ? "" : " (no gnuplot here: data and scripts only)");
            }
            if (terminal) {
                if (const auto picture = workbook::plot::terminal_plot(speedups)) fmt::print("{}", *picture);
            }
        }
    });
}
