/// @file seed_inverse.cpp
/// @brief The course's linear algebra practice (scnp.py) in C++ with Eigen: print A, its
/// inverse, and A times its inverse, which is the identity only up to round-off of order 1e-16.
///
/// The Python it re-creates, and prints exactly like:
///
///     A = np.array([[1,3,5],[2,5,1],[2,3,8]])
///     print(A)
///     print(linalg.inv(A))
///     print(A.dot(linalg.inv(A)))
#include "numpy_eigen.hpp"

#include <workbook/cli.hpp>
#include <workbook/print.hpp>

#include <fmt/core.h>
#include <Eigen/Dense>

#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace {

/// A matrix as the user wrote it: the numbers' text, row by row.
using Rows = std::vector<std::vector<std::string>>;

/// Reads a matrix written as in Python, `[[1,3,5],[2,5,1],[2,3,8]]` (spaces allowed).
/// Anything else is bad input: one line on stderr, exit 2.
Rows parse_rows(std::string_view text) {
    std::string compact;
    for (char c : text) {
        if (c != ' ') compact += c;
    }
    const std::string_view example = "write it like [[1,3,5],[2,5,1],[2,3,8]]";
    if (!compact.starts_with("[[") || !compact.ends_with("]]")) {
        workbook::usage_error(fmt::format("--matrix '{}' is not a list of rows: {}", text, example));
    }
    Rows rows;
    // Between the outer brackets: rows "[...]" separated by commas.
    std::string_view inner(compact);
    inner = inner.substr(1, inner.size() - 2);
    while (!inner.empty()) {
        if (inner.front() != '[') workbook::usage_error(fmt::format("--matrix '{}': {}", text, example));
        const auto close = inner.find(']');
        if (close == std::string_view::npos) workbook::usage_error(fmt::format("--matrix '{}': {}", text, example));
        std::vector<std::string> row;
        std::string_view numbers = inner.substr(1, close - 1);
        while (!numbers.empty()) {
            const auto comma = numbers.find(',');
            row.emplace_back(numbers.substr(0, comma));
            numbers = comma == std::string_view::npos ? std::string_view{} : numbers.substr(comma + 1);
        }
        if (row.empty()) workbook::usage_error(fmt::format("--matrix '{}' has an empty row", text));
        rows.push_back(std::move(row));
        inner.remove_prefix(close + 1);
        if (!inner.empty()) {
            if (inner.front() != ',') workbook::usage_error(fmt::format("--matrix '{}': {}", text, example));
            inner.remove_prefix(1);
        }
    }
    return rows;
}

bool parses_as_integer(const std::string& word, long long& value) {
    const auto [end, error] = std::from_chars(word.data(), word.data() + word.size(), value);
    return error == std::errc{} && end == word.data() + word.size();
}

bool parses_as_double(const std::string& word, double& value) {
    const auto [end, error] = std::from_chars(word.data(), word.data() + word.size(), value);
    return error == std::errc{} && end == word.data() + word.size() && std::isfinite(value);
}

}  // namespace

int main(int argc, char** argv) {
    std::string matrix_text = "[[1,3,5],[2,5,1],[2,3,8]]";
    bool explain = false;
    workbook::Cli cli{
        "Lesson 08: the course's linear algebra practice. Prints A, inv(A) and A * inv(A)\n"
        "exactly as numpy prints them; A * inv(A) is the identity up to round-off."};
    cli.option("--matrix", matrix_text, "a square, invertible matrix, written as in Python");
    cli.flag("--explain", explain, "afterwards, show where the round-off comes from");
    cli.parse(argc, argv);

    // Check the input completely before printing anything.
    const Rows rows = parse_rows(matrix_text);
    const auto n = static_cast<Eigen::Index>(rows.size());
    for (const auto& row : rows) {
        if (row.size() != rows.front().size()) {
            workbook::usage_error(fmt::format("--matrix '{}': the rows have different lengths", matrix_text));
        }
    }
    if (static_cast<Eigen::Index>(rows.front().size()) != n) {
        workbook::usage_error(
            fmt::format("the matrix is {} x {}: only a square matrix has an inverse", n, rows.front().size()));
    }
    Eigen::MatrixXd a(n, n);
    std::vector<long long> integers;  // numpy keeps a matrix of whole numbers as integers
    bool all_integers = true;
    for (Eigen::Index i = 0; i < n; ++i) {
        for (Eigen::Index j = 0; j < n; ++j) {
            const auto& word = rows[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
            long long whole = 0;
            double value = 0.0;
            if (all_integers && parses_as_integer(word, whole) && std::abs(whole) < (1LL << 53)) {
                integers.push_back(whole);
                value = static_cast<double>(whole);
            } else if (parses_as_double(word, value)) {
                all_integers = false;
            } else {
                workbook::usage_error(fmt::format("--matrix: '{}' is not a number", word));
            }
            a(i, j) = value;
        }
    }

    // LU with partial pivoting, as LAPACK's getrf/getri under scipy.linalg.inv. A pivot that
    // is zero (or zero up to round-off) means A has no inverse: say so instead of printing
    // inf or numbers of order 1e16. rcond() estimates 1 / (condition number).
    const Eigen::PartialPivLU<Eigen::MatrixXd> lu(a);
    const double rcond = lu.rcond();
    if (!(rcond > static_cast<double>(n) * std::numeric_limits<double>::epsilon())) {
        workbook::usage_error(
            fmt::format("the matrix is singular (1/condition number = {:.1e}): it has no inverse", rcond));
    }
    const Eigen::MatrixXd inverse = lu.inverse();
    const Eigen::MatrixXd product = a * inverse;

    const auto size = static_cast<std::size_t>(n);
    fmt::print("{}\n", all_integers ? workbook::numpy_format(integers, size, size) : lesson08::numpy_str(a));
    fmt::print("{}\n", lesson08::numpy_str(inverse));
    fmt::print("{}\n", lesson08::numpy_str(product));

    if (explain) {
        // Where the 1e-16 comes from: -1.48 has no exact binary form, so inv(A) holds the
        // nearest doubles, and each product and sum in A * inv(A) rounds once more.
        fmt::print("\nThe entries of inv(A) to 20 decimals (what the doubles really hold):\n");
        for (Eigen::Index i = 0; i < n; ++i) {
            for (Eigen::Index j = 0; j < n; ++j) fmt::print("{:>25.20f}", inverse(i, j));
            fmt::print("\n");
        }
        const double eps = std::numeric_limits<double>::epsilon();
        const Eigen::MatrixXd error = product - Eigen::MatrixXd::Identity(n, n);
        fmt::print("machine epsilon (the spacing of doubles just above 1): {:.6e}\n", eps);
        fmt::print("largest |A * inv(A) - I|: {:.6e} = {:.2f} epsilon\n", error.cwiseAbs().maxCoeff(),
                   error.cwiseAbs().maxCoeff() / eps);
    }
}
