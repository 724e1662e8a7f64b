/// @file numpy_eigen.hpp
/// @brief Eigen matrices printed the way numpy prints arrays (workbook::numpy_format), so
/// the C++ output can be laid beside the course's Python output line by line.
#pragma once

#include <workbook/print.hpp>

#include <Eigen/Core>

#include <string>
#include <vector>

namespace lesson08 {

/// numpy's str() of a matrix of doubles: `[[-1.48  0.36  0.88]\n [ 0.56 ...]]`.
inline std::string numpy_str(const Eigen::MatrixXd& m) {
    // Eigen stores column by column; numpy_format reads row by row.
    std::vector<double> rows;
    rows.reserve(static_cast<std::size_t>(m.size()));
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
        for (Eigen::Index j = 0; j < m.cols(); ++j) rows.push_back(m(i, j));
    }
    return workbook::numpy_format(rows, static_cast<std::size_t>(m.rows()), static_cast<std::size_t>(m.cols()));
}

/// numpy's str() of a vector of doubles: `[1. 1. 1.]`.
inline std::string numpy_str(const Eigen::VectorXd& v) {
    const std::vector<double> values(v.data(), v.data() + v.size());
    return workbook::numpy_format(values);
}

}  // namespace lesson08
