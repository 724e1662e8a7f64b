/// @file matmul_kernels.hpp
/// @brief The rungs of the matrix-multiply ladder, C = A B for n x n matrices stored row by
/// row: the same 2 n^3 flops each, in orders that use the caches worse or better.
#pragma once

#include <algorithm>
#include <cstddef>

namespace lesson08 {

/// Rung 1, the textbook: c[i][j] = sum over k of a[i][k] b[k][j]. The inner loop walks B
/// down a column: n doubles apart, a new cache line for every multiply-add.
inline void matmul_naive(const double* a, const double* b, double* c, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
            double sum = 0.0;
            for (std::size_t k = 0; k < n; ++k) sum += a[i * n + k] * b[k * n + j];
            c[i * n + j] = sum;
        }
    }
}

/// Rung 2, loop order i-k-j: the inner loop walks B and C along rows, one cache line per 8
/// doubles, and the compiler turns it into vector instructions. The same sums, in another order.
inline void matmul_loop_order(const double* a, const double* b, double* c, std::size_t n) {
    std::fill(c, c + n * n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t k = 0; k < n; ++k) {
            const double aik = a[i * n + k];
            for (std::size_t j = 0; j < n; ++j) c[i * n + j] += aik * b[k * n + j];
        }
    }
}

/// C += the product of the tiles starting at rows i0 of A and C, k0 of B, and column j0.
inline void tile_product(const double* a, const double* b, double* c, std::size_t n, std::size_t block, std::size_t i0,
                         std::size_t k0, std::size_t j0) {
    const std::size_t i1 = std::min(i0 + block, n), k1 = std::min(k0 + block, n), j1 = std::min(j0 + block, n);
    for (std::size_t i = i0; i < i1; ++i) {
        for (std::size_t k = k0; k < k1; ++k) {
            const double aik = a[i * n + k];
            for (std::size_t j = j0; j < j1; ++j) c[i * n + j] += aik * b[k * n + j];
        }
    }
}

/// Rung 3, blocked: tile by tile, so the tiles in use stay in the cache and every double
/// loaded is used about `block` times (exercise blocked_matmul).
inline void matmul_blocked(const double* a, const double* b, double* c, std::size_t n, std::size_t block) {
    std::fill(c, c + n * n, 0.0);
    for (std::size_t i0 = 0; i0 < n; i0 += block) {
        for (std::size_t k0 = 0; k0 < n; k0 += block) {
            for (std::size_t j0 = 0; j0 < n; j0 += block) tile_product(a, b, c, n, block, i0, k0, j0);
        }
    }
}

/// Rung 4, blocked on every core: each thread takes whole tile rows of C, so no two threads
/// ever write the same entry (no race, no reduction needed).
inline void matmul_blocked_omp(const double* a, const double* b, double* c, std::size_t n, std::size_t block) {
    std::fill(c, c + n * n, 0.0);
    const long tile_rows = static_cast<long>((n + block - 1) / block);
#ifdef _OPENMP
#pragma omp parallel for schedule(static)
#endif
    for (long t = 0; t < tile_rows; ++t) {
        const std::size_t i0 = static_cast<std::size_t>(t) * block;
        for (std::size_t k0 = 0; k0 < n; k0 += block) {
            for (std::size_t j0 = 0; j0 < n; j0 += block) tile_product(a, b, c, n, block, i0, k0, j0);
        }
    }
}

}  // namespace lesson08
