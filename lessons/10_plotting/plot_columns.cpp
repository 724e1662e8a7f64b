/// @file plot_columns.cpp
/// @brief A 2-D plot of a data file other lessons write (lesson 09's spectra and filter
/// responses): the first column is x, every other column a line. The file's first comment
/// line becomes the title and its last comment line names the columns, as lesson 09 writes
/// them. The picture is an SVG and a PNG (for a paper or a slide) and, with --terminal, the
/// same plot in the terminal itself, for an ssh session on a login node.
#include <workbook/cli.hpp>
#include <workbook/plot.hpp>
#include <workbook/table.hpp>

#include <fmt/core.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace {

/// The file read as a figure: the first column is x, every other one a line. Bad input (no
/// data, ragged rows, a word that is not a number, a single row) is reported by usage_error:
/// one line, exit 2.
workbook::plot::LineFigure read_columns(const std::string& path, bool log_y) {
    const auto table = workbook::read_table_argument(path);
    if (table.columns.size() < 2 || table.rows() < 2)
        workbook::usage_error(fmt::format("{}: a plot needs at least 2 columns and 2 rows of numbers", path));
    // The last comment names the columns ("frequency_hz amplitude"), the first is the title.
    std::vector<std::string> names;
    if (!table.comments.empty()) {
        std::istringstream words(table.comments.back());
        for (std::string word; words >> word;) names.push_back(word);
    }
    if (names.size() != table.columns.size()) {
        names.clear();
        for (std::size_t c = 0; c < table.columns.size(); ++c) names.push_back(fmt::format("column {}", c + 1));
    }
    const std::string title = table.comments.size() > 1 ? table.comments.front() : path;
    workbook::plot::LineFigure figure{title, names[0], "", false, log_y, {}};
    for (std::size_t c = 1; c < table.columns.size(); ++c) {
        if (log_y)
            for (const double v : table.columns[c])
                if (v <= 0) workbook::usage_error(fmt::format("{}: --log-y, but {} holds {}", path, names[c], v));
        figure.series.push_back({names[c], table.columns[0], table.columns[c]});
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
    workbook::require_folder("--out", out);
    if (name.empty()) name = std::filesystem::path(data).stem().string();
    if (!workbook::plot::plain_name(name))
        workbook::usage_error(fmt::format("--name {}: letters, digits, '-', '_' and '.' only", workbook::quoted(name)));
    const auto figure = read_columns(data, log_y);

    return workbook::run([&] {
        const auto written = workbook::plot::line_plot(figure, out, name);
        std::size_t points = 0;
        for (const auto& s : figure.series) points += s.x.size();
        fmt::print("{}: {} line(s), {} points\n", figure.title, figure.series.size(), points);
        fmt::print("written to the --out folder: {}\n", workbook::plot::file_names(written));
        if (!written.drawn)
            fmt::print("no gnuplot here: in that folder, run '{}' to draw the pictures\n", written.render);
        if (terminal) {
            if (const auto picture = workbook::plot::terminal_plot(figure)) fmt::print("{}", *picture);
        }
    });
}
