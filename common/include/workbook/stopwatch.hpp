/// @file stopwatch.hpp
/// @brief Wall-clock timing for the lessons' "how long did that take" lines.
#pragma once

#include <chrono>

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

}  // namespace workbook
