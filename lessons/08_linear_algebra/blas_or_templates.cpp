/// @file blas_or_templates.cpp
/// @brief The same Eigen calls with Eigen's own template kernels and with the work handed to
/// OpenBLAS and LAPACKE (eigen_on_blas.hpp), side by side: tiny fixed-size products, where
/// templates win by far, and large products, solves and inverses on 1 thread and on all,
/// where a tuned BLAS and LAPACK catch up or win. Prints which kernels OpenBLAS chose.
#include "eigen_on_blas.hpp"
#include "parallel_inverse.hpp"

#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>
#include <workbook/stopwatch.hpp>

#include <fmt/core.h>
#include <Eigen/Dense>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace {

/// Eigen's threads for its products, and OpenMP's for the lesson's parallel inverse.
void set_eigen_threads(int threads) {
    Eigen::setNbThreads(threads);
#ifdef _OPENMP
    omp_set_num_threads(threads);
#endif
}

struct Row {
    std::string operation;
    int threads;
    double eigen_seconds, blas_seconds, difference;
};

void print_row(const Row& row, int usable) {
    const bool eigen_wins = row.eigen_seconds <= row.blas_seconds;
    const double ratio = eigen_wins ? row.blas_seconds / row.eigen_seconds : row.eigen_seconds / row.blas_seconds;
    fmt::print("{:<34} {:>7}  {:>13.2f} ms  {:>13.2f} ms   {} {:.1f}x{}\n", row.operation, row.threads,
               row.eigen_seconds * 1e3, row.blas_seconds * 1e3, eigen_wins ? "Eigen's kernels" : "OpenBLAS       ",
               ratio, row.threads > usable ? "  (oversubscribed: more threads than cores)" : "");
}

}  // namespace

int main(int argc, char** argv) {
    long n = 2000;
    int threads = workbook::usable_cpus();
    workbook::Cli cli{
        "Lesson 08: Eigen's own kernels or Eigen on OpenBLAS and LAPACKE? The same operations both\n"
        "ways: 4 x 4 products (fixed size, a million of them), a product of two n x n matrices, and\n"
        "an LU solve and an inverse at n / 2, on 1 thread and on --threads. Prints which kernels\n"
        "OpenBLAS chose for this CPU (OPENBLAS_CORETYPE chooses others) and how far the two\n"
        "answers differ."};
    cli.option("--n", n, "rows and columns of the large product (the solve and inverse use n / 2)",
               workbook::between(2, 6000));
    cli.option("--threads", threads, "threads for the second run of each large operation (more than the cores: marked)",
               workbook::between(1, workbook::max_threads));
    cli.parse(argc, argv);
    const long half = std::max(1L, n / 2);
    workbook::announce_cost(fmt::format("products at n = {}, solves at n = {}", n, half),
                            6.0 * sizeof(double) * static_cast<double>(n * n),
                            // about 8 products' worth of work at 20 GFLOP/s, a slow core
                            8 * 2.0 * static_cast<double>(n * n) * static_cast<double>(n) / 20e9);

    return workbook::run([&] {
        const int usable = workbook::usable_cpus();
        fmt::print("Eigen on {}\n", lesson08::on_blas::library_description());
        if (const char* coretype = std::getenv("OPENBLAS_CORETYPE"))
            fmt::print("(OPENBLAS_CORETYPE={} chose those kernels)\n", coretype);
        fmt::print("\n{:<34} {:>7}  {:>16}  {:>16}   {}\n", "operation", "threads", "Eigen's kernels",
                   "Eigen on OpenBLAS", "faster");
        std::vector<Row> rows;

        // Tiny fixed sizes: Eigen unrolls a Matrix4d product into a few dozen vector
        // instructions at compile time; a BLAS call (numpy's `a @ b` makes one for every
        // product) checks its arguments, chooses a kernel and packs panels each time.
        {
            constexpr int count = 1'000'000;
            // 16 different right-hand matrices, summed: the products do not wait for each other.
            const Eigen::Matrix4d a4 = Eigen::Matrix4d::Random();
            std::vector<Eigen::Matrix4d> b4(16);
            for (auto& b : b4) b = Eigen::Matrix4d::Random();
            set_eigen_threads(1);
            lesson08::on_blas::set_threads(1);
            Eigen::Matrix4d sum4;
            const double eigen_time = workbook::best_of_seconds(2, [&] {
                sum4.setZero();
                for (int i = 0; i < count; ++i) sum4.noalias() += a4 * b4[static_cast<std::size_t>(i % 16)];
            });
            const Eigen::MatrixXd a_dynamic = a4;
            std::vector<Eigen::MatrixXd> b_dynamic(b4.begin(), b4.end());
            Eigen::MatrixXd sum(4, 4), product(4, 4);
            const double blas_time = workbook::best_of_seconds(2, [&] {
                sum.setZero();
                for (int i = 0; i < count; ++i) {
                    lesson08::on_blas::multiply_by_dgemm(a_dynamic, b_dynamic[static_cast<std::size_t>(i % 16)],
                                                         product);
                    sum += product;
                }
            });
            rows.push_back({"4 x 4 product, 1,000,000 (dgemm)", 1, eigen_time, blas_time,
                            (sum4 - sum).cwiseAbs().maxCoeff() / count});
            print_row(rows.back(), usable);
        }

        const Eigen::MatrixXd a = Eigen::MatrixXd::Random(n, n), b = Eigen::MatrixXd::Random(n, n);
        const Eigen::MatrixXd m = Eigen::MatrixXd::Random(half, half);
        const Eigen::VectorXd rhs = m * Eigen::VectorXd::Ones(half);
        std::vector<int> counts{1};
        if (threads > 1) counts.push_back(threads);
        for (const int t : counts) {
            set_eigen_threads(t);
            lesson08::on_blas::set_threads(t);
            Eigen::MatrixXd c_eigen(n, n), c_blas(n, n);
            Row product{fmt::format("product, n = {}", n), t, 0, 0, 0};
            product.eigen_seconds = workbook::best_of_seconds(2, [&] { c_eigen.noalias() = a * b; });
            product.blas_seconds = workbook::best_of_seconds(2, [&] { lesson08::on_blas::multiply(a, b, c_blas); });
            product.difference = (c_eigen - c_blas).cwiseAbs().maxCoeff();
            print_row(product, usable);

            Eigen::VectorXd x_eigen, x_blas;
            Row solve{fmt::format("LU solve, n = {}", half), t, 0, 0, 0};
            solve.eigen_seconds = workbook::best_of_seconds(2, [&] { x_eigen = m.partialPivLu().solve(rhs); });
            solve.blas_seconds = workbook::best_of_seconds(2, [&] { x_blas = lesson08::on_blas::lu_solve(m, rhs); });
            solve.difference = (x_eigen - x_blas).cwiseAbs().maxCoeff();
            print_row(solve, usable);

            Eigen::MatrixXd inverse_eigen, inverse_blas;
            Row inverse{fmt::format("inverse, n = {}", half), t, 0, 0, 0};
            inverse.eigen_seconds =
                workbook::best_of_seconds(2, [&] { inverse_eigen = lesson08::parallel_inverse(m, t); });
            inverse.blas_seconds = workbook::best_of_seconds(2, [&] { inverse_blas = lesson08::on_blas::inverse(m); });
            if (inverse_blas.size() == 0) throw std::runtime_error("LAPACK found the random matrix singular");
            inverse.difference = (inverse_eigen - inverse_blas).cwiseAbs().maxCoeff();
            print_row(inverse, usable);
            rows.insert(rows.end(), {product, solve, inverse});
        }
        double largest = 0;
        for (const auto& row : rows) largest = std::max(largest, row.difference);
        // Both compute in double precision in another order: their answers may differ by
        // round-off, which grows with n and with the condition number of the solve.
        fmt::print("\nThe two kernels' answers: largest difference {:.1e} (round-off: {})\n", largest,
                   largest < 1e-6 ? "they agree" : "THEY DISAGREE");
        if (largest >= 1e-6) throw std::runtime_error("Eigen's kernels and OpenBLAS gave different answers");
    });
}
