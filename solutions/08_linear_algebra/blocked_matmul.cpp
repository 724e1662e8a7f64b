/// @file blocked_matmul.cpp
/// @brief Exercise: C = A B by blocks (tiles) that fit in the cache, checked against the plain
/// triple loop. Graded with a tolerance at sizes that are, and are not, multiples of the block.
#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>
#include <workbook/stopwatch.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <random>
#include <vector>

/// An n x n matrix stored row by row, as a C array or numpy's default layout.
struct Matrix {
    std::size_t n;
    std::vector<double> values;
    explicit Matrix(std::size_t size) : n(size), values(size * size, 0.0) {}
    double& operator()(std::size_t i, std::size_t j) { return values[i * n + j]; }
    double operator()(std::size_t i, std::size_t j) const { return values[i * n + j]; }
};

/// The reference: the loop order i, k, j, which walks B and C along their rows.
void plain_matmul(const Matrix& a, const Matrix& b, Matrix& c) {
    for (std::size_t i = 0; i < a.n; ++i) {
        for (std::size_t k = 0; k < a.n; ++k) {
            const double aik = a(i, k);
            for (std::size_t j = 0; j < a.n; ++j) c(i, j) += aik * b(k, j);
        }
    }
}

/// C += A B, tile by tile: a block x block tile of C gets the product of a tile row of A and
/// a tile column of B. The three tiles in use fit in the cache, so each number loaded from
/// memory is used about `block` times before it is evicted. Returns the number of tile
/// products done: ceil(n / block)^3.
long blocked_matmul(const Matrix& a, const Matrix& b, Matrix& c, std::size_t block) {
    const std::size_t n = a.n;
    long tiles = 0;
    for (std::size_t i0 = 0; i0 < n; i0 += block) {
        // The last tile of a row or column is cut short when block does not divide n.
        const std::size_t i1 = std::min(i0 + block, n);
        for (std::size_t k0 = 0; k0 < n; k0 += block) {
            const std::size_t k1 = std::min(k0 + block, n);
            for (std::size_t j0 = 0; j0 < n; j0 += block) {
                const std::size_t j1 = std::min(j0 + block, n);
                for (std::size_t i = i0; i < i1; ++i) {
                    for (std::size_t k = k0; k < k1; ++k) {
                        const double aik = a(i, k);
                        for (std::size_t j = j0; j < j1; ++j) c(i, j) += aik * b(k, j);
                    }
                }
                ++tiles;
            }
        }
    }
    return tiles;
}

int main(int argc, char** argv) {
    long n = 300;
    long block = 64;
    long seed = 1;
    workbook::Cli cli{
        "Lesson 08 exercise 'blocked_matmul': C = A B computed tile by tile, so that the\n"
        "tiles in use stay in the cache; checked against the plain triple loop."};
    cli.option("--n", n, "rows and columns of A, B and C", workbook::between(1, 4000));
    cli.option("--block", block, "rows and columns of a tile", workbook::between(1, 4000));
    cli.option("--seed", seed, "seed of the random entries", workbook::between(0, 1e9));
    cli.parse(argc, argv);
    // Four n x n matrices; two products of 2 n^3 flops at about 0.5 ns a flop (measured once
    // on a 2-core test machine).
    const double side = static_cast<double>(n);
    workbook::announce_cost(fmt::format("C = A B with n = {}, twice", n), 4 * sizeof(double) * side * side,
                            2 * 2 * side * side * side * 0.5e-9);

    return workbook::run([&] {
        const auto size = static_cast<std::size_t>(n);
        Matrix a(size), b(size);
        std::mt19937_64 generator(static_cast<std::uint64_t>(seed));
        std::uniform_real_distribution<double> uniform(-1.0, 1.0);
        for (double& v : a.values) v = uniform(generator);
        for (double& v : b.values) v = uniform(generator);

        Matrix reference(size), c(size);
        workbook::Stopwatch plain_time;
        plain_matmul(a, b, reference);
        const double plain_seconds = plain_time.seconds();
        workbook::Stopwatch blocked_time;
        const long tiles = blocked_matmul(a, b, c, static_cast<std::size_t>(block));
        const double blocked_seconds = blocked_time.seconds();

        double largest_difference = 0.0, sum = 0.0;
        for (std::size_t k = 0; k < c.values.size(); ++k) {
            largest_difference = std::max(largest_difference, std::abs(c.values[k] - reference.values[k]));
            sum += c.values[k];
        }
        const long per_side = (n + block - 1) / block;
        fmt::print("C = A B with n = {}, tiles of {} x {} (seed {})\n", n, block, block, seed);
        fmt::print("tile products: {} (expected ceil(n / block)^3 = {})\n", tiles, per_side * per_side * per_side);
        fmt::print("C[0][0] = {:.12f}, C[n-1][n-1] = {:.12f}\n", c(0, 0), c(size - 1, size - 1));
        fmt::print("sum of all entries of C = {:.10f}\n", sum);
        // Rounding may differ in the last bits if the sums run in another order; more is a bug.
        fmt::print("same as the plain triple loop (largest difference below 1e-12): {}\n",
                   largest_difference < 1e-12 ? "yes" : "no");
        fmt::print("time: plain loop {:.3f} s, blocked {:.3f} s\n", plain_seconds, blocked_seconds);
    });
}
