/// @file matmul_ladder.cpp
/// @brief C = A B climbed rung by rung: naive triple loop, better loop order, blocked,
/// blocked on every core, Eigen. Each rung in GFLOP/s and as a fraction of the machine's
/// peak, which the program measures first.
#include "matmul_kernels.hpp"
#include "peak_flops.hpp"

#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>
#include <workbook/stopwatch.hpp>

#include <fmt/core.h>
#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>
#include <string>
#include <vector>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

}  // namespace

int main(int argc, char** argv) {
    long n = 1024;
    long block = 64;
    int threads = workbook::usable_cpus();
    workbook::Cli cli{
        "Lesson 08: the matrix-multiply ladder. C = A B by a naive triple loop, a better loop\n"
        "order, tiles that fit the cache, tiles on every core, and Eigen; each in GFLOP/s and\n"
        "as a fraction of the peak of the cores it used, measured first."};
    cli.option("--n", n, "rows and columns of A, B and C", workbook::between(1, 8000));
    cli.option("--block", block, "rows and columns of a tile", workbook::between(1, 8000));
    cli.option("--threads", threads, "threads for the parallel rungs", workbook::between(1, workbook::max_threads));
    cli.parse(argc, argv);
#ifdef _OPENMP
    omp_set_num_threads(threads);
#else
    threads = 1;  // without OpenMP every rung runs on one thread
#endif
    // Memory: A, B, C and Eigen's reference product. Time: each rung runs once when it takes
    // over half a second; rough rates of one core of a 2-core test machine, measured once:
    // naive 0.5 GFLOP/s (n <= 1024 only), loop order 8, blocked 10, Eigen 50, the parallel
    // rungs no faster than the cores.
    {
        const double side = static_cast<double>(n), flops = 2.0 * side * side * side;
        const double cores = std::min(threads, workbook::usable_cpus());
        const double per_flop =
            (n <= 1024 ? 1 / 0.5 : 0.0) + 1 / 8.0 + 1 / 10.0 + 1 / (10.0 * cores) + 2 / 50.0 + 1 / (50.0 * cores);
        workbook::announce_cost(fmt::format("C = A B with n = {}", n), 4.0 * sizeof(double) * side * side,
                                flops * per_flop * 1e-9);
    }
    return workbook::run([&] {
        const auto size = static_cast<std::size_t>(n);
        std::vector<double> a(size * size), b(size * size), c(size * size);
        std::mt19937_64 generator(1);
        std::uniform_real_distribution<double> uniform(-1.0, 1.0);
        for (double& v : a) v = uniform(generator);
        for (double& v : b) v = uniform(generator);
        const Eigen::Map<const RowMatrix> ea(a.data(), n, n), eb(b.data(), n, n);
        const RowMatrix reference = ea * eb;

        const double peak1 = lesson08::peak_gflops(1);
        const double peak_all = lesson08::peak_gflops(threads);
        const double flops = 2.0 * std::pow(static_cast<double>(n), 3);
        fmt::print("C = A B with n = {}: 2 n^3 = {:.2f} GFLOP per product\n", n, flops * 1e-9);
        fmt::print(
            "peak, measured with independent FMAs on {}-double vectors: 1 core {:.1f} GFLOP/s, {} core{} "
            "{:.1f} GFLOP/s\n",
            lesson08::lanes, peak1, threads, threads == 1 ? "" : "s", peak_all);
        fmt::print("{:<34} {:>10} {:>9} {:>8}  {}\n", "rung", "time", "GFLOP/s", "of peak", "C right");

        auto rung = [&](const std::string& name, int used, const std::function<void()>& multiply) {
            std::fill(c.begin(), c.end(), 0.0);
            // The best of a few runs when they are quick: the first run also pays for page faults.
            double best = 1e300;
            for (int r = 0; r < 3; ++r) {
                workbook::Stopwatch watch;
                multiply();
                best = std::min(best, watch.seconds());
                if (best > 0.5) break;
            }
            const Eigen::Map<const RowMatrix> ec(c.data(), n, n);
            const bool right = (ec - reference).cwiseAbs().maxCoeff() < 1e-10 * static_cast<double>(n);
            const double rate = flops / best * 1e-9;
            fmt::print("{:<34} {:>8.3f} s {:>9.2f} {:>7.1f}%  {}\n", name, best, rate,
                       100.0 * rate / (used == 1 ? peak1 : peak_all), right ? "yes" : "NO");
        };
        const auto bs = static_cast<std::size_t>(block);
        const std::string t = fmt::format("{} thread{}", threads, threads == 1 ? "" : "s");
        if (n <= 1024) {
            rung("1 naive i-j-k", 1, [&] { lesson08::matmul_naive(a.data(), b.data(), c.data(), size); });
        } else {
            fmt::print("{:<34} skipped above n = 1024: it would take minutes\n", "1 naive i-j-k");
        }
        rung("2 loop order i-k-j", 1, [&] { lesson08::matmul_loop_order(a.data(), b.data(), c.data(), size); });
        rung(fmt::format("3 blocked, tiles {} x {}", block, block), 1,
             [&] { lesson08::matmul_blocked(a.data(), b.data(), c.data(), size, bs); });
        rung("4 blocked + OpenMP, " + t, threads,
             [&] { lesson08::matmul_blocked_omp(a.data(), b.data(), c.data(), size, bs); });
        Eigen::Map<RowMatrix> ec(c.data(), n, n);
        Eigen::setNbThreads(1);
        rung("5 Eigen, 1 thread", 1, [&] { ec.noalias() = ea * eb; });
        Eigen::setNbThreads(threads);
        rung("6 Eigen, " + t, threads, [&] { ec.noalias() = ea * eb; });
    });
}
