/// @file stopwatch.hpp
/// @brief Wall-clock timing for the lessons' "how long did that take" lines.
#pragma once

#include <algorithm>
#include <chrono>
#include <limits>

namespace workbook {

/// Measures elapsed wall-clock time with a monotonic clock (never jumps with the date).
class Stopwatch {
public:
    using clock = std::chrono::steady_clock;  // a changed system date cannot make time run backwards

    Stopwatch() : start_(clock::now()) {}
    void reset() { start_ = clock::now(); }
    /// Time since construction or the last reset().
    [[nodiscard]] clock::duration elapsed() const { return clock::now() - start_; }
    [[nodiscard]] double seconds() const { return std::chrono::duration<double>(elapsed()).count(); }

private:
    clock::time_point start_;
};

/// The best of `repeats` timed calls of f, in seconds: on a shared machine the least
/// disturbed call is the closest to what the code costs. One untimed call comes first: the
/// first touches fresh memory, and its page faults are not what is being measured.
template <class F>
double best_of_seconds(int repeats, F&& f) {
    f();
    double best = std::numeric_limits<double>::max();
    for (int r = 0; r < repeats; ++r) {
        Stopwatch watch;
        f();
        best = std::min(best, watch.seconds());
    }
    return best;
}

}  // namespace workbook
