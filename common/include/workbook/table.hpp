/// @file table.hpp
/// @brief Reading a text file of numbers in columns, as the lessons write them (lesson 09's
/// --output files, timing tables): one row per line, numbers separated by spaces; '#' starts
/// a comment, to the end of its line; blank lines are skipped.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace workbook {

struct NumberTable {
    std::vector<std::string> comments;         ///< the comment lines, in order, without the '#'
    std::vector<std::vector<double>> columns;  ///< columns[c][r]: column c of row r
    [[nodiscard]] std::size_t rows() const { return columns.empty() ? 0 : columns.front().size(); }
};

/// Reads `path` (at most `max_bytes`). Bad input throws std::invalid_argument saying where:
/// "times.txt line 3: 'x' is not a number", rows of different lengths, a value that is not
/// finite; a file that cannot be read throws std::runtime_error.
NumberTable read_number_table(const std::string& path, std::size_t max_bytes = 64 << 20);

/// The same for a file a user named on the command line: a file that cannot be read or is
/// not a table is bad input, reported as such (one line on stderr, exit 2: usage_error).
NumberTable read_table_argument(const std::string& path, std::size_t max_bytes = 64 << 20);

}  // namespace workbook
