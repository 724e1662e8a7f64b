/// @file plot_columns.cpp
/// @brief A 2-D plot of a data file other lessons write (lesson 09's spectra and filter
/// responses): the first column is x, every other column a line. The file's first comment
/// line becomes the title and its last comment line names the columns, as lesson 09 writes
/// them. The picture is an SVG and a PNG (for a paper or a slide) and, with --terminal, the
/// same plot in the terminal itself, for an ssh session on a login node.
#include <workbook/cli.hpp>
#include <workbook/files.hpp>
#include <workbook/plot.hpp>

#include <fmt/core.h>

#include <cmath>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace {

/// The file read as a figure. Bad input (no data, ragged rows, a word that is not a number,
/// a single row) is reported by usage_error: one line, exit 2.
workbook::plot::LineFigure read_columns(const std::string& path, bool log_y) {
    std::string text;
    try {
        text = workbook::read_file(path, 64 << 20);
    } catch (const std::runtime_error& error) { workbook::usage_error(error.what()); }
    std::istringstream file(text);
    std::vector<std::string> comments, names;
    std::vector<std::vector<double>> columns;
    int number = 0;
    for (std::string line; std::getline(file, line);) {
        ++number;
        if (line.starts_with("#")) {
            comments.push_back(line.substr(
                line.find_first_not_of("# ") == std::string::npos ? line.size() : line.find_first_not_of("# ")));
            continue;
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
                workbook::usage_error(
                    fmt::format("{} line {}: {} is not a number", path, number, workbook::quoted(word)));
            row.push_back(value);
        }
        if (row.empty()) continue;
        if (columns.empty()) columns.resize(row.size());
        if (row.size() != columns.size() || row.size() < 2)
            workbook::usage_error(fmt::format("{} line {}: {} numbers where the first row has {} (at least 2)", path,
                                              number, row.size(), columns.size()));
        for (std::size_t c = 0; c < row.size(); ++c) columns[c].push_back(row[c]);
    }
    if (columns.empty() || columns[0].size() < 2)
        workbook::usage_error(fmt::format("{}: a plot needs at least 2 rows of numbers", path));
    // The last comment names the columns ("frequency_hz amplitude"), the first is the title.
    if (!comments.empty()) {
        std::istringstream words(comments.back());
        for (std::string word; words >> word;) names.push_back(word);
    }
    if (names.size() != columns.size()) {
        names.clear();
        for (std::size_t c = 0; c < columns.size(); ++c) names.push_back(fmt::format("column {}", c + 1));
    }
    workbook::plot::LineFigure figure{comments.size() > 1 ? comments.front() : path, names[0], "", false, log_y, {}};
    for (std::size_t c = 1; c < columns.size(); ++c) {
        figure.series.push_back({names[c], columns[0], columns[c]});
        if (log_y)
            for (const double v : columns[c])
                if (v <= 0) workbook::usage_error(fmt::format("{}: --log-y, but {} holds {}", path, names[c], v));
    }
    return figure;
}

}  // namespace

int main(int argc, char** argv) {
    std::string data, out = ".", name;
    bool terminal = false, log_y = false;
    workbook::Cli cli{
        "Lesson 10 demo 'plot_columns': a 2-D plot of a data file of columns (lesson 09's --output\n"
        "files): SVG and PNG through gnuplot, with the data and a script to edit, and with\n"
        "--terminal the same plot drawn in the terminal."};
    cli.option("--data", data, "the data file: numbers in columns, x first; '#' lines are comments");
    cli.option("--out", out, "the folder the pictures go to (it must exist)");
    cli.option("--name", name, "the pictures' file name without extension (default: the data file's)");
    cli.flag("--terminal", terminal, "also draw the plot in the terminal (gnuplot's dumb terminal)");
    cli.flag("--log-y", log_y, "a logarithmic y axis");
    cli.parse(argc, argv);
    if (data.empty()) workbook::usage_error("--data FILE is needed");
    if (!std::filesystem::is_directory(out))
        workbook::usage_error(fmt::format("--out {}: no such folder", workbook::quoted(out)));
    if (name.empty()) name = std::filesystem::path(data).stem().string();
    if (!workbook::plot::plain_name(name))
        workbook::usage_error(fmt::format("--name {}: letters, digits, '-', '_' and '.' only", workbook::quoted(name)));
    const auto figure = read_columns(data, log_y);

    return workbook::run([&] {
        const auto written = workbook::plot::line_plot(figure, out, name);
        std::size_t points = 0;
        for (const auto& s : figure.series) points += s.x.size();
        fmt::print("{}: {} line(s), {} points\n", figure.title, figure.series.size(), points);
        std::string names;
        for (const auto& file : written.files) {
            names += ' ';
            names += std::filesystem::path(file).filename().string();
        }
        fmt::print("written to the --out folder:{}\n", names);
        if (!written.drawn)
            fmt::print("no gnuplot here: in that folder, run '{}' to draw the pictures\n", written.render);
        if (terminal) {
            if (const auto picture = workbook::plot::terminal_plot(figure)) fmt::print("{}", *picture);
        }
    });
}
