/// @file decompositions.cpp
/// @brief LU, Cholesky and QR: which matrices each applies to, what each costs, and what
/// happens when one is used where it does not apply.
#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>
#include <workbook/stopwatch.hpp>

#include <fmt/core.h>
#include <Eigen/Dense>

#include <cmath>
#include <random>
#include <string>

namespace {

Eigen::MatrixXd random_matrix(Eigen::Index rows, Eigen::Index cols, std::mt19937_64& generator) {
    std::uniform_real_distribution<double> uniform(-1.0, 1.0);
    Eigen::MatrixXd m(rows, cols);
    for (Eigen::Index j = 0; j < cols; ++j) {
        for (Eigen::Index i = 0; i < rows; ++i) m(i, j) = uniform(generator);
    }
    return m;
}

/// One line of the table: factor and solve with `solve` (which returns x), time it, and
/// report the relative residual of the square system a x = b.
template <typename Solve>
void row(const std::string& name, const std::string& applies, const std::string& flops, const Eigen::MatrixXd& a,
         const Eigen::VectorXd& b, Solve solve) {
    workbook::Stopwatch watch;
    const Eigen::VectorXd x = solve();
    const double seconds = watch.seconds();
    const double residual = (b - a * x).norm() / (a.norm() * x.norm());
    fmt::print("{:<15} {:<33} {:>8} {:>8.1f} ms {:>9.1e}  {}\n", name, applies, flops, seconds * 1e3, residual,
               residual < 1e-14 ? "yes" : "no");
}

}  // namespace

int main(int argc, char** argv) {
    long n = 1000;
    long seed = 1;
    int threads = workbook::usable_cpus();
    workbook::Cli cli{
        "Lesson 08: LU, Cholesky and QR. Solves systems with each decomposition where it\n"
        "applies, with its cost and residual, and shows what happens where it does not."};
    cli.option("--n", n, "rows and columns of the matrices", workbook::between(2, 5000));
    cli.option("--seed", seed, "seed of the random entries", workbook::between(0, 1e9));
    cli.option("--threads", threads, "threads for Eigen's matrix products (with OpenMP)",
               workbook::between(1, workbook::max_threads));
    cli.parse(argc, argv);
    // Memory: A, S, the 2n x n least-squares matrix and the decompositions' copies, about 8
    // n x n matrices. Time: about 0.35 s at n = 1000 on one core of a 2-core test machine
    // (measured once), growing as n^3.
    const double side = static_cast<double>(n);
    workbook::announce_cost(fmt::format("decompositions of {} x {} matrices", n, n), 8.0 * sizeof(double) * side * side,
                            0.35 * std::pow(side / 1000.0, 3));
    return workbook::run([&] {
        Eigen::setNbThreads(threads);

        std::mt19937_64 generator(static_cast<std::uint64_t>(seed));
        const Eigen::MatrixXd a = random_matrix(n, n, generator);
        // A^T A is symmetric positive semi-definite; adding n I makes it safely definite.
        const Eigen::MatrixXd s = a.transpose() * a + static_cast<double>(n) * Eigen::MatrixXd::Identity(n, n);
        const Eigen::VectorXd ones = Eigen::VectorXd::Ones(n);
        const Eigen::VectorXd b = a * ones, c = s * ones;

        fmt::print("n = {}: A random (seed {}), S = A^T A + n I symmetric positive definite, {} thread{}\n", n, seed,
                   threads, threads == 1 ? "" : "s");
        fmt::print("{:<15} {:<33} {:>8} {:>11} {:>9}  {}\n", "decomposition", "applies to", "flops", "time", "residual",
                   "< 1e-14");
        row("LU  of A", "square, invertible", "2/3 n^3", a, b,
            [&] { return Eigen::VectorXd(a.partialPivLu().solve(b)); });
        row("QR  of A", "any shape (least squares)", "4/3 n^3", a, b,
            [&] { return Eigen::VectorXd(a.householderQr().solve(b)); });
        row("LU  of S", "square, invertible", "2/3 n^3", s, c,
            [&] { return Eigen::VectorXd(s.partialPivLu().solve(c)); });
        row("LLT of S", "symmetric positive definite", "1/3 n^3", s, c,
            [&] { return Eigen::VectorXd(s.llt().solve(c)); });
        row("LDLT of S", "symmetric, semi-definite too", "1/3 n^3", s, c,
            [&] { return Eigen::VectorXd(s.ldlt().solve(c)); });

        // Cholesky where it does not apply: it needs a positive pivot at every step, and says
        // so through info() instead of returning nonsense, if you ask.
        const Eigen::LLT<Eigen::MatrixXd> wrong(a);
        fmt::print("LLT of A (not symmetric positive definite): info() = {}\n",
                   wrong.info() == Eigen::Success ? "Success (it read only the lower triangle: x is wrong)"
                                                  : "NumericalIssue, refused");

        // Least squares: more equations than unknowns. No LU (not square); QR minimises |b - A x|.
        const Eigen::MatrixXd tall = random_matrix(2 * n, n, generator);
        const Eigen::VectorXd rhs = tall * ones + 0.01 * random_matrix(2 * n, 1, generator);
        const Eigen::VectorXd x = tall.householderQr().solve(rhs);
        // At the least-squares minimum the residual is orthogonal to the columns: A^T r = 0.
        const double orthogonality = (tall.transpose() * (rhs - tall * x)).norm() / (tall.norm() * rhs.norm());
        fmt::print("least squares, A is {} x {}: QR gives x with A^T (b - A x) at {:.0e} of |A| |b|: {}\n", 2 * n, n,
                   orthogonality, orthogonality < 1e-14 ? "the minimum" : "NOT the minimum");
    });
}
