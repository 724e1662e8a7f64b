/// @file eigen_on_blas.cpp
/// @brief Eigen built on OpenBLAS and LAPACKE (see eigen_on_blas.hpp for why this file is a
/// library of its own). The code is plain Eigen: the two macros make it call the vendor's
/// dgemm, dtrsm and dgetrf instead of Eigen's template kernels.
#define EIGEN_USE_BLAS
#define EIGEN_USE_LAPACKE
#include "eigen_on_blas.hpp"  // Eigen, and with EIGEN_USE_BLAS its declarations of the BLAS (dgemm_)

#include "huge_pages.hpp"

#include <lapacke.h>

#include <algorithm>
#include <string>
#include <vector>

// OpenBLAS's own functions (declared in its cblas.h, whose folder differs between the
// pthread, OpenMP and serial builds of the library: three lines are simpler than finding it).
extern "C" {
char* openblas_get_config(void);
char* openblas_get_corename(void);
void openblas_set_num_threads(int threads);
}

namespace lesson08::on_blas {

std::string library_description() {
    // The core name is the kernel set OpenBLAS picked for this CPU at load time
    // (OPENBLAS_CORETYPE overrides it): a generic or unknown CPU can get a slow one.
    return std::string(openblas_get_config()) + " (kernels: " + openblas_get_corename() + ")";
}

void set_threads(int threads) { openblas_set_num_threads(threads); }

void multiply(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, Eigen::MatrixXd& c) { c.noalias() = a * b; }

void multiply_by_dgemm(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, Eigen::MatrixXd& c) {
    // Fortran BLAS: every argument by pointer, column-major storage (Eigen's default).
    const int m = static_cast<int>(a.rows()), k = static_cast<int>(a.cols()), n = static_cast<int>(b.cols());
    const double one = 1.0, zero = 0.0;
    c.resize(m, n);
    dgemm_("N", "N", &m, &n, &k, &one, a.data(), &m, b.data(), &k, &zero, c.data(), &m);
}

Eigen::MatrixXd inverse(const Eigen::MatrixXd& a) {
    // Eigen has no call that reaches dgetri, so this one calls LAPACKE on Eigen's storage:
    // column-major, leading dimension n, as LAPACK expects.
    Eigen::MatrixXd inverse = huge_page_matrix(a.rows());  // as numpy's output (huge_pages.hpp)
    inverse = a;
    const auto n = static_cast<lapack_int>(a.rows());
    std::vector<lapack_int> pivots(static_cast<std::size_t>(std::max<lapack_int>(n, 1)));
    if (LAPACKE_dgetrf(LAPACK_COL_MAJOR, n, n, inverse.data(), n, pivots.data()) != 0 ||
        LAPACKE_dgetri(LAPACK_COL_MAJOR, n, inverse.data(), n, pivots.data()) != 0)
        return {};  // a zero pivot: singular
    return inverse;
}

Eigen::VectorXd lu_solve(const Eigen::MatrixXd& a, const Eigen::VectorXd& b) { return a.partialPivLu().solve(b); }

}  // namespace lesson08::on_blas
