/// @file solve_vs_inverse.cpp
/// @brief x = inv(A) b against an LU solve, for growing n: the inverse costs about three
/// times the flops (2 n^3 against 2/3 n^3) and gives a larger residual; on an
/// ill-conditioned matrix, a much larger one.
#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>
#include <workbook/stopwatch.hpp>

#include <fmt/core.h>
#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <random>

namespace {

double relative_residual(const Eigen::MatrixXd& a, const Eigen::VectorXd& x, const Eigen::VectorXd& b) {
    return (b - a * x).norm() / (a.norm() * x.norm());
}

/// The best of `repeats` timings of f(), which returns x; x from the last run.
template <typename F>
double best_time(int repeats, Eigen::VectorXd& x, F f) {
    double best = 1e300;
    for (int r = 0; r < repeats; ++r) {
        workbook::Stopwatch watch;
        x = f();
        best = std::min(best, watch.seconds());
    }
    return best;
}

}  // namespace

int main(int argc, char** argv) {
    long max_n = 1600;
    long seed = 1;
    int threads = workbook::usable_cpus();
    workbook::Cli cli{
        "Lesson 08: solve, do not invert. Times x = inv(A) b against an LU solve for\n"
        "random matrices of growing size, and compares their residuals."};
    cli.option("--max-n", max_n, "the largest matrix (sizes double from 100)", workbook::between(100, 8000));
    cli.option("--seed", seed, "seed of the random entries", workbook::between(0, 1e9));
    cli.option("--threads", threads, "threads for Eigen's matrix products (with OpenMP)",
               workbook::between(1, workbook::max_threads));
    cli.parse(argc, argv);
    // Memory: A, its inverse and its LU at the largest n. Time: inverse and solve take about
    // 0.3 s at n = 1600 on one core of a 2-core test machine (measured once), growing as n^3;
    // the smaller sizes add a seventh of the largest one.
    long largest = 100;
    while (largest * 2 <= max_n) largest *= 2;
    const double side = static_cast<double>(largest);
    workbook::announce_cost(fmt::format("inverses and solves up to n = {}", largest),
                            4.0 * sizeof(double) * side * side, 8.0 / 7.0 * 0.3 * std::pow(side / 1600.0, 3));
    return workbook::run([&] {
        Eigen::setNbThreads(threads);

        fmt::print("A random n x n (seed {}), b = A * (1, ..., 1), {} thread{}; best of 3 timings\n", seed, threads,
                   threads == 1 ? "" : "s");
        fmt::print("{:>5}  {:>11}  {:>11}  {:>7}  {:>17}  {:>15}\n", "n", "inv(A) b", "LU solve", "ratio",
                   "residual inv(A) b", "residual solve");
        std::mt19937_64 generator(static_cast<std::uint64_t>(seed));
        std::uniform_real_distribution<double> uniform(-1.0, 1.0);
        bool solve_more_accurate = true;
        for (long n = 100; n <= max_n; n *= 2) {
            Eigen::MatrixXd a(n, n);
            for (Eigen::Index k = 0; k < a.size(); ++k) a(k) = uniform(generator);
            const Eigen::VectorXd b = a * Eigen::VectorXd::Ones(n);
            Eigen::VectorXd x_inverse, x_solve;
            const int repeats = n <= 800 ? 3 : 1;
            // The inverse is an LU decomposition plus n more solves, one per column of I.
            const double t_inverse = best_time(repeats, x_inverse, [&] { return Eigen::VectorXd(a.inverse() * b); });
            const double t_solve =
                best_time(repeats, x_solve, [&] { return Eigen::VectorXd(a.partialPivLu().solve(b)); });
            const double r_inverse = relative_residual(a, x_inverse, b), r_solve = relative_residual(a, x_solve, b);
            solve_more_accurate = solve_more_accurate && r_solve < r_inverse;
            fmt::print("{:>5}  {:>8.2f} ms  {:>8.2f} ms  {:>6.1f}x  {:>17.1e}  {:>15.1e}\n", n, t_inverse * 1e3,
                       t_solve * 1e3, t_inverse / t_solve, r_inverse, r_solve);
        }
        fmt::print("the solve's residual is the smaller one at every n: {}\n", solve_more_accurate ? "yes" : "no");

        // An ill-conditioned matrix makes the difference in accuracy plain: Hilbert, n = 10.
        const Eigen::Index n = 10;
        Eigen::MatrixXd h(n, n);
        for (Eigen::Index i = 0; i < n; ++i) {
            for (Eigen::Index j = 0; j < n; ++j) h(i, j) = 1.0 / static_cast<double>(i + j + 1);
        }
        const Eigen::VectorXd b = h * Eigen::VectorXd::Ones(n);
        const Eigen::VectorXd x_inverse = h.inverse() * b;
        const Eigen::VectorXd x_solve = h.partialPivLu().solve(b);
        fmt::print("Hilbert 10 x 10 (cond 1.6e+13): residual of inv(A) b {:.1e}, of the LU solve {:.1e}\n",
                   relative_residual(h, x_inverse, b), relative_residual(h, x_solve, b));
    });
}
