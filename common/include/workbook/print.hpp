/// @file print.hpp
/// @brief Printing numbers the way the seed's Python printed them.
///
/// The course's programs printed Python lists (`[0, 1, 4, 9]`) and numpy arrays
/// (`[[-1.48  0.36  0.88] ...]`). These functions produce the same text, so a student who
/// ran the Python version recognises every line of the C++ one.
#pragma once

#include <concepts>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace workbook {

/// Python's repr() of a float: the shortest text that reads back as the same double,
/// "1.0" for whole numbers, exponent form outside 1e-4 .. 1e16 ("1e-05", "1.5e+16").
std::string python_repr(double value);

/// A Python list's text: `[0, 1, 4, 9]`, `[0.5, 1.0]`.
template <typename Range>
std::string python_list(const Range& values) {
    std::string text = "[";
    for (const auto& value : values) {
        if (text.size() > 1) { text += ", "; }
        if constexpr (std::floating_point<std::decay_t<decltype(value)>>) {
            text += python_repr(static_cast<double>(value));
        } else {
            text += std::to_string(value);
        }
    }
    return text + "]";
}

/// numpy's str() of a 1-D array: `[1.  2.5 3. ]`, 8 significant fraction digits at most,
/// scientific notation when magnitudes span more than 1e3 (or are below 1e-4 or from 1e8),
/// lines wrapped at 75 characters as numpy does.
std::string numpy_format(std::span<const double> values);
/// numpy's str() of a 2-D array stored row by row (`rows * cols` values).
std::string numpy_format(std::span<const double> values, std::size_t rows, std::size_t cols);
/// numpy's str() of a 1-D integer array: `[1 3 5]`.
std::string numpy_format(std::span<const long long> values);
/// numpy's str() of a 2-D integer array stored row by row: `[[1 3 5]\n [2 5 1]]`.
std::string numpy_format(std::span<const long long> values, std::size_t rows, std::size_t cols);

}  // namespace workbook
