/// @file kernels.hpp
/// @brief Lesson 05's workloads, shared by its demos, its benchmark and its exercise (and
/// lesson 11's sweeps): pi by the midpoint rule (every step costs the same: arithmetic only,
/// no memory traffic), the STREAM triad (memory-bound), and the Mandelbrot escape time
/// (escape_time.hpp: uneven work).
#pragma once

#include "escape_time.hpp"

#include <cstddef>
#include <vector>

namespace lesson05 {

/// The midpoint rule for 4/(1+x^2) on [0, 1]: every step is independent, and the only
/// shared thing is the sum, which the reduction gives each thread a private copy of.
inline double pi_midpoint(long n) {
    const double h = 1.0 / static_cast<double>(n);
    double sum = 0.0;
#pragma omp parallel for reduction(+ : sum)
    for (long i = 0; i < n; ++i) {
        const double x = (static_cast<double>(i) + 0.5) * h;
        sum += 4.0 / (1.0 + x * x);
    }
    return sum * h;
}

/// The STREAM triad's three arrays, first touched by the same static schedule that uses
/// them, so on a machine of several sockets each thread's part lies in its own memory.
struct TriadArrays {
    std::vector<double> a, b, c;
    explicit TriadArrays(long n)
        : a(static_cast<std::size_t>(n)), b(static_cast<std::size_t>(n)), c(static_cast<std::size_t>(n)) {
#pragma omp parallel for schedule(static)
        for (long i = 0; i < n; ++i) {
            const auto k = static_cast<std::size_t>(i);
            a[k] = 0.0, b[k] = 1.0, c[k] = 2.0;
        }
    }
    /// Bytes one triad moves: three arrays of doubles (two read, one written).
    [[nodiscard]] double bytes() const { return 24.0 * static_cast<double>(a.size()); }
};

/// The STREAM triad a[i] = b[i] + s * c[i]: 24 bytes of memory traffic for 2 flops, so on
/// arrays far larger than the caches its speed is the memory's, not the cores'.
inline void triad(TriadArrays& t, double s = 3.0) {
    const long n = static_cast<long>(t.a.size());
#pragma omp parallel for schedule(static)
    for (long i = 0; i < n; ++i) {
        const auto k = static_cast<std::size_t>(i);
        t.a[k] = t.b[k] + s * t.c[k];
    }
}

}  // namespace lesson05
