/// @file escape_time.hpp
/// @brief The Mandelbrot escape time: uneven work, since a point inside the set costs
/// max_iter iterations and one far outside it costs one. No OpenMP here: lesson 10 draws
/// the same numbers without it.
#pragma once

namespace lesson05 {

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
