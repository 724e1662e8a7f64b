/// @file eigen_on_blas.hpp
/// @brief The same Eigen calls, with the heavy work handed to a vendor BLAS and LAPACK
/// (Debian's OpenBLAS and LAPACKE): the rung HPC codes actually use for large matrices.
///
/// Eigen switches its kernels for BLAS and LAPACKE calls when a file is compiled with
/// EIGEN_USE_BLAS and EIGEN_USE_LAPACKE. That choice holds for every Eigen template the
/// file instantiates, so a program cannot have both kinds of `a * b` in one link: the two
/// definitions would share one name and the linker would keep either. eigen_on_blas.cpp is
/// therefore built into a shared library of its own whose Eigen code stays private (hidden
/// symbols), and these plain functions are its only door. A whole program built with the
/// two macros needs none of this.
#pragma once

#include <Eigen/Dense>

#include <string>

// The library's only visible symbols (everything else in it is built hidden).
#define LESSON08_ON_BLAS_API [[gnu::visibility("default")]]

namespace lesson08::on_blas {

/// Which library does the work, and which of its kernels it chose for this CPU: for
/// example "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH ... (kernels: SkylakeX)".
LESSON08_ON_BLAS_API std::string library_description();

/// The BLAS's own worker threads (OpenBLAS keeps a pool of its own, not OpenMP's).
LESSON08_ON_BLAS_API void set_threads(int threads);

/// c = a * b: through dgemm, except below about 20 x 20, where even Eigen on a BLAS keeps its
/// own coefficient loops (a BLAS call costs more than so small a product).
LESSON08_ON_BLAS_API void multiply(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, Eigen::MatrixXd& c);

/// c = a * b through one dgemm call whatever the size: what numpy's `a @ b` does.
LESSON08_ON_BLAS_API void multiply_by_dgemm(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, Eigen::MatrixXd& c);

/// inv(a) as scipy.linalg.inv computes it: LAPACK's LU (dgetrf), then dgetri, which inverts
/// the triangular factors in place: 2 n^3 flops in all, a third fewer than Eigen's
/// inverse(), which solves for the n columns of I without using their zeros. An empty
/// matrix where a is singular.
LESSON08_ON_BLAS_API Eigen::MatrixXd inverse(const Eigen::MatrixXd& a);

/// a.partialPivLu().solve(b): dgetrf, then two triangular solves.
LESSON08_ON_BLAS_API Eigen::VectorXd lu_solve(const Eigen::MatrixXd& a, const Eigen::VectorXd& b);

}  // namespace lesson08::on_blas
