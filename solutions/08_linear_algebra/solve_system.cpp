/// @file solve_system.cpp
/// @brief Exercise: solve A x = b with an LU decomposition instead of inv(A) b, and report a
/// singular A instead of printing inf or nan. Graded on the residual: small for a solve even
/// when A is ill-conditioned (a Hilbert matrix), which x = inv(A) b does not achieve.
#include <workbook/cli.hpp>

#include <fmt/core.h>
#include <Eigen/Dense>

#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <random>
#include <string>

/// The solution of A x = b, or nothing when A is singular to working precision.
std::optional<Eigen::VectorXd> solve(const Eigen::MatrixXd& a, const Eigen::VectorXd& b) {
    // Factor once, P A = L U (2/3 n^3 flops), then two triangular solves (2 n^2 flops).
    const Eigen::PartialPivLU<Eigen::MatrixXd> lu(a);
    // rcond() estimates 1 / cond(A) from the factors. Near machine epsilon, A is singular
    // as far as doubles can tell, and the "solution" would be inf, nan or noise.
    const double tiny = static_cast<double>(a.rows()) * std::numeric_limits<double>::epsilon();
    if (!(lu.rcond() > tiny)) return std::nullopt;
    return lu.solve(b);
}

/// The matrix of kind "random" (entries uniform in [-1, 1]), "hilbert" (1 / (i + j + 1):
/// invertible but ill-conditioned) or "singular" (random, with the last row the sum of the
/// first two).
Eigen::MatrixXd make_matrix(const std::string& kind, Eigen::Index n, long seed) {
    Eigen::MatrixXd a(n, n);
    if (kind == "hilbert") {
        for (Eigen::Index i = 0; i < n; ++i) {
            for (Eigen::Index j = 0; j < n; ++j) a(i, j) = 1.0 / static_cast<double>(i + j + 1);
        }
        return a;
    }
    std::mt19937_64 generator(static_cast<std::uint64_t>(seed));
    std::uniform_real_distribution<double> uniform(-1.0, 1.0);
    for (Eigen::Index i = 0; i < n; ++i) {
        for (Eigen::Index j = 0; j < n; ++j) a(i, j) = uniform(generator);
    }
    if (kind == "singular") a.row(n - 1) = a.row(0) + a.row(1);
    return a;
}

int main(int argc, char** argv) {
    long n = 300;
    long seed = 1;
    std::string kind = "random";
    workbook::Cli cli{
        "Lesson 08 exercise 'solve_system': solve A x = b with an LU decomposition, never\n"
        "through inv(A), and refuse a singular A. b = A * (1, ..., 1), so x should be all ones."};
    cli.option("--n", n, "rows and columns of A", workbook::between(1, 3000));
    cli.option("--kind", kind, "random, hilbert or singular");
    cli.option("--seed", seed, "seed of the random entries", workbook::between(0, 1e9));
    cli.parse(argc, argv);
    if (kind != "random" && kind != "hilbert" && kind != "singular") {
        workbook::usage_error("--kind must be random, hilbert or singular, not '" + kind + "'");
    }
    if (kind == "singular" && n < 3) workbook::usage_error("--kind singular needs --n 3 or more");

    const Eigen::MatrixXd a = make_matrix(kind, n, seed);
    const Eigen::VectorXd ones = Eigen::VectorXd::Ones(n);
    const Eigen::VectorXd b = a * ones;
    const auto x = solve(a, b);
    if (!x) {
        // Bad input, like a non-number: one line on stderr, exit code 2, nothing on stdout.
        fmt::print(stderr, "{}: A is singular to working precision: A x = b has no unique solution\n",
                   workbook::program_name());
        return 2;
    }
    if (x->size() != n) {
        // An unfinished solve (an empty or default vector): say so instead of reading past its end.
        fmt::print(stderr, "{}: solve returned a vector of {} entries, not n = {}\n", workbook::program_name(),
                   x->size(), n);
        return 1;
    }

    // The residual measures how well x satisfies the equations, relative to the sizes
    // involved; a backward-stable method makes it a small multiple of epsilon whatever A is.
    const double residual = (b - a * *x).norm() / (a.norm() * x->norm());
    const double error = (*x - ones).cwiseAbs().maxCoeff();
    fmt::print("A x = b with A {} {} x {}{}, b = A * (1, 1, ..., 1)\n", kind, n, n,
               kind == "hilbert" ? "" : fmt::format(" (seed {})", seed));
    fmt::print("relative residual |b - A x| / (|A| |x|) below 1e-14: {}\n", residual < 1e-14 ? "yes" : "no");
    // How close x is to the true (1, ..., 1) depends on A's condition number, not on the method.
    fmt::print("x close to (1, 1, ..., 1), largest error below 1e-8: {}\n", error < 1e-8 ? "yes" : "no");
}
