/// @file kernels.hpp
/// @brief Lesson 05's two workloads, shared by its demos, its benchmark and its exercise:
/// pi by the midpoint rule (every step costs the same: arithmetic only, no memory traffic)
/// and the Mandelbrot escape time (uneven: a point inside the set costs max_iter
/// iterations, one far outside it costs one).
#pragma once

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

/// Iterations until z = z^2 + c leaves the radius-2 disc, at most max_iter.
inline long escape_time(double cr, double ci, long max_iter) {
    double zr = 0, zi = 0;
    long k = 0;
    while (k < max_iter && zr * zr + zi * zi <= 4.0) {
        const double t = zr * zr - zi * zi + cr;
        zi = 2 * zr * zi + ci;
        zr = t;
        ++k;
    }
    return k;
}

}  // namespace lesson05
