/// @file parallel_inverse.hpp
/// @brief inv(A) on every core: the LU factorisation runs Eigen's threaded matrix products,
/// then the n solves for the columns of I, which are independent, are split among threads.
#pragma once

#include "huge_pages.hpp"

#include <Eigen/Dense>

#include <algorithm>

namespace lesson08 {

/// inv(A) from one LU factorisation, the columns of the identity shared among `threads`
/// threads. Eigen's own inverse() solves for all n columns on one thread.
inline Eigen::MatrixXd parallel_inverse(const Eigen::MatrixXd& a, int threads) {
    const Eigen::PartialPivLU<Eigen::MatrixXd> lu(a);  // about 2/3 n^3 flops, threaded GEMM inside
    const Eigen::Index n = a.rows();
    Eigen::MatrixXd inverse = huge_page_matrix(n);  // 2 MiB pages, as numpy's arrays (huge_pages.hpp)
    const Eigen::Index chunk = (n + threads - 1) / threads;
    // Each thread solves A X = (its columns of I) and writes only its own columns of the
    // inverse: no two threads touch the same entry. Inside a parallel region Eigen's own
    // products run on one thread, so the threads do not multiply.
#ifdef _OPENMP
#pragma omp parallel for num_threads(threads) schedule(static)
#endif
    for (int t = 0; t < threads; ++t) {
        const Eigen::Index first = t * chunk;
        const Eigen::Index count = std::min(chunk, n - first);
        if (count > 0) {
            inverse.middleCols(first, count) = lu.solve(Eigen::MatrixXd::Identity(n, n).middleCols(first, count));
        }
    }
    return inverse;
}

}  // namespace lesson08
