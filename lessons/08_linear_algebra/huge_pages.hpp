/// @file huge_pages.hpp
/// @brief Large matrices on 2 MiB pages, as numpy puts its large arrays.
///
/// Every memory access goes through a translation from virtual to physical addresses, cached
/// in the TLB, which holds a few thousand entries. With 4 KiB pages a 32 MB matrix needs
/// 8,000 of them and a product that walks three such matrices keeps missing; with 2 MiB pages
/// it needs 16. Linux gives a range huge pages when asked with madvise(MADV_HUGEPAGE) before
/// its pages are first touched (where transparent huge pages are set to `madvise`, Debian's
/// default); numpy asks for every array over 4 MiB. Measured with the lesson's benchmark:
/// the same OpenBLAS dgemm at n = 2000 ran 4-9% slower on plain pages than numpy's on huge
/// pages, and as fast as numpy's once its matrices were on huge pages too.
#pragma once

#include <Eigen/Core>

#include <sys/mman.h>

#include <cstdint>

namespace lesson08 {

/// Asks for huge pages over the whole 2 MiB-aligned part of `m`'s storage. Call it on a
/// freshly allocated matrix, before its entries are written: pages already touched stay as
/// they are. Only advice: where the kernel has no huge page to give, nothing changes.
inline void advise_huge_pages(Eigen::MatrixXd& m) {
    constexpr std::uintptr_t huge = 2u << 20;
    const auto begin = reinterpret_cast<std::uintptr_t>(m.data());
    const auto end = begin + static_cast<std::uintptr_t>(m.size()) * sizeof(double);
    const std::uintptr_t first = (begin + huge - 1) & ~(huge - 1), last = end & ~(huge - 1);
    if (last > first) madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
}

/// An n x n matrix on huge pages, its entries not yet written.
inline Eigen::MatrixXd huge_page_matrix(Eigen::Index n) {
    Eigen::MatrixXd m(n, n);
    advise_huge_pages(m);
    return m;
}

}  // namespace lesson08
