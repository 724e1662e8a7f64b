#include "workbook/table.hpp"

#include "workbook/cli.hpp"
#include "workbook/files.hpp"

#include <fmt/core.h>

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace workbook {

NumberTable read_number_table(const std::string& path, std::size_t max_bytes) {
    std::istringstream file(read_file(path, max_bytes));
    NumberTable table;
    int number = 0;
    for (std::string line; std::getline(file, line);) {
        ++number;
        if (const auto hash = line.find('#'); hash != std::string::npos) {
            const auto text = line.find_first_not_of("# \t", hash);
            if (line.find_first_not_of(" \t") == hash)
                table.comments.push_back(text == std::string::npos ? "" : line.substr(text));
            line.erase(hash);
        }
        std::istringstream words(line);
        std::vector<double> row;
        for (std::string word; words >> word;) {
            std::size_t used = 0;
            double value = 0;
            try {
                value = std::stod(word, &used);
            } catch (const std::exception&) { used = 0; }
            if (used != word.size() || !std::isfinite(value))
                throw std::invalid_argument(fmt::format("{} line {}: {} is not a number", path, number, quoted(word)));
            row.push_back(value);
        }
        if (row.empty()) continue;
        if (table.columns.empty()) table.columns.resize(row.size());
        if (row.size() != table.columns.size())
            throw std::invalid_argument(fmt::format("{} line {}: {} numbers where the first row has {}", path, number,
                                                    row.size(), table.columns.size()));
        for (std::size_t c = 0; c < row.size(); ++c) table.columns[c].push_back(row[c]);
    }
    return table;
}

NumberTable read_table_argument(const std::string& path, std::size_t max_bytes) {
    try {
        return read_number_table(path, max_bytes);
    } catch (const std::exception& error) { usage_error(error.what()); }
}

}  // namespace workbook
