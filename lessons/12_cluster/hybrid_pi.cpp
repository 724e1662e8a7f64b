/// @file hybrid_pi.cpp
/// @brief pi with MPI ranks x OpenMP threads: MPI splits the steps over the ranks (which may
/// sit on different nodes), OpenMP splits each rank's share over its threads (which share
/// the node's memory). Checked against a serial run on rank 0, with the speedup.
#include <workbook/cli.hpp>
#include <workbook/mpi.hpp>

#include <fmt/core.h>

#include <mpi.h>
#include <omp.h>

#include <cmath>
#include <numbers>

namespace {

/// The midpoint-rule sum of 4/(1+x^2) over steps [first, last) of n (not yet times h).
double midpoint_sum(long first, long last, long n) {
    const double h = 1.0 / static_cast<double>(n);
    double sum = 0.0;
#pragma omp parallel for reduction(+ : sum) schedule(static)
    for (long i = first; i < last; ++i) {
        const double x = (static_cast<double>(i) + 0.5) * h;
        sum += 4.0 / (1.0 + x * x);
    }
    return sum;
}

}  // namespace

int main(int argc, char** argv) {
    workbook::mpi::Session mpi(argc, argv, MPI_THREAD_FUNNELED);
    long n = 400'000'000;
    workbook::Cli cli{
        "Lesson 12: hybrid pi. The steps are split over the MPI ranks, each rank's block over\n"
        "its OpenMP threads (OMP_NUM_THREADS). Rank 0 checks the result and the speedup\n"
        "against the same sum on one thread."};
    cli.option("--n", n, "steps of the midpoint rule", workbook::between(1, 1e12));
    cli.parse(argc, argv);

    return workbook::mpi::run([&] {
        // My block of steps: the remainder spread over the first ranks.
        const long base = n / mpi.size(), extra = n % mpi.size();
        const long first = mpi.rank() * base + std::min<long>(mpi.rank(), extra);
        const long last = first + base + (mpi.rank() < extra ? 1 : 0);

        MPI_Barrier(MPI_COMM_WORLD);
        const double start = MPI_Wtime();
        const double mine = midpoint_sum(first, last, n);
        double total = 0.0;
        MPI_Reduce(&mine, &total, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
        const double hybrid_seconds = MPI_Wtime() - start;

        // Every rank has the same number of threads in a well-made job; report the smallest.
        const int threads = omp_get_max_threads();
        int fewest = 0;
        MPI_Reduce(&threads, &fewest, 1, MPI_INT, MPI_MIN, 0, MPI_COMM_WORLD);
        if (!mpi.is_root()) return;

        const double pi = total / static_cast<double>(n);
        omp_set_num_threads(1);
        const double serial_start = MPI_Wtime();
        const double serial = midpoint_sum(0, n, n) / static_cast<double>(n);
        const double serial_seconds = MPI_Wtime() - serial_start;
        const int workers = mpi.size() * fewest;
        const double speedup = serial_seconds / hybrid_seconds;
        fmt::print("pi = {:.12f} with n = {} steps on {} ranks x {} threads\n", pi, n, mpi.size(), fewest);
        fmt::print("serial (1 thread) = {:.12f}, difference {:.1e} (the order of the additions)\n", serial,
                   std::fabs(pi - serial));
        fmt::print("check |pi - pi_exact| < 1e-9: {}\n", std::fabs(pi - std::numbers::pi) < 1e-9 ? "ok" : "WRONG");
        fmt::print("time {:.3f} s, serial {:.3f} s: speedup {:.2f} on {} workers (efficiency {:.0f}%)\n",
                   hybrid_seconds, serial_seconds, speedup, workers, 100.0 * speedup / workers);
        if (std::fabs(pi - serial) > 1e-9) throw std::runtime_error("the hybrid sum differs from the serial one");
    });
}
