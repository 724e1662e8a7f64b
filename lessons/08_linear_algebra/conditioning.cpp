/// @file conditioning.cpp
/// @brief Hilbert matrices H[i][j] = 1 / (i + j + 1): the error of a solve grows with the
/// condition number, about cond(H) * epsilon, while the residual stays at epsilon. The
/// method is not to blame; the problem is.
#include <workbook/cli.hpp>

#include <fmt/core.h>
#include <Eigen/Dense>

#include <cmath>
#include <limits>

int main(int argc, char** argv) {
    long max_n = 12;
    workbook::Cli cli{
        "Lesson 08: condition numbers. Solves H x = H * (1, ..., 1) for Hilbert matrices H of\n"
        "growing size with an LU decomposition and shows that the error of x grows like\n"
        "cond(H) * epsilon, though the residual stays tiny."};
    cli.option("--max-n", max_n, "the largest Hilbert matrix", workbook::between(2, 200));
    cli.parse(argc, argv);

    const double eps = std::numeric_limits<double>::epsilon();
    fmt::print("Hilbert matrices H[i][j] = 1 / (i + j + 1); b = H * (1, ..., 1); x by an LU solve\n");
    fmt::print("{:>3}  {:>9}  {:>13}  {:>11}  {:>11}  {:>13}\n", "n", "cond(H)", "cond(H) * eps", "max |x - 1|",
               "residual", "digits of x");
    for (Eigen::Index n = 2; n <= max_n; ++n) {
        Eigen::MatrixXd h(n, n);
        for (Eigen::Index i = 0; i < n; ++i) {
            for (Eigen::Index j = 0; j < n; ++j) h(i, j) = 1.0 / static_cast<double>(i + j + 1);
        }
        const Eigen::VectorXd ones = Eigen::VectorXd::Ones(n);
        const Eigen::VectorXd b = h * ones;
        const Eigen::VectorXd x = h.partialPivLu().solve(b);

        // The 2-norm condition number: largest over smallest singular value. Above about
        // 1 / eps = 4.5e15 the smallest one is itself round-off, so the figure is a lower bound.
        const Eigen::VectorXd sigma = Eigen::JacobiSVD<Eigen::MatrixXd>(h).singularValues();
        const double cond = sigma(0) / sigma(n - 1);
        const double error = (x - ones).cwiseAbs().maxCoeff();
        const double residual = (b - h * x).norm() / (h.norm() * x.norm());
        // Correct digits: how many leading decimal digits of x still agree with 1.
        const double digits = error > 0 ? std::max(0.0, -std::log10(error)) : 16.0;
        fmt::print("{:>3}  {:>9.1e}  {:>13.1e}  {:>11.1e}  {:>11.1e}  {:>13.0f}\n", n, cond, cond * eps, error,
                   residual, std::floor(digits));
    }
    fmt::print("16 digits go in; about log10(cond(H)) of them are lost, whatever the method.\n");
}
