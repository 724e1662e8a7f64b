/// @file speedup_plot.cpp
/// @brief Exercise (stub): from a timing table (threads and seconds, one run per line), the speedup
/// S(p) = T(1) / T(p) and the efficiency E(p) = S(p) / p of every row, printed as a table;
/// --out DIR also draws the speedup against the ideal line. T(1) is the row with 1 thread,
/// wherever it stands in the file. Graded on the table it prints (numbers within 1e-9).
#include <workbook/cli.hpp>
#include <workbook/plot.hpp>
#include <workbook/table.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

struct Timing {
    int threads;
    double seconds;
};

struct Scaling {
    int threads;
    double seconds, speedup, efficiency;
};

/// The table's rows: "THREADS SECONDS" per line ('#' starts a comment). A count that is not
/// a positive whole number, a time that is not positive, or fewer than 2 rows is bad input.
std::vector<Timing> read_timings(const std::string& path) {
    const auto table = workbook::read_table_argument(path, 1 << 20);
    if (table.columns.size() != 2 || table.rows() < 2)
        workbook::usage_error(
            fmt::format("{}: a scaling table needs 2 columns, THREADS SECONDS, and at least 2 rows", path));
    std::vector<Timing> rows;
    for (std::size_t r = 0; r < table.rows(); ++r) {
        const double threads = table.columns[0][r], seconds = table.columns[1][r];
        if (threads < 1 || threads > 1e6 || threads != std::floor(threads) || seconds <= 0)
            workbook::usage_error(fmt::format("{}: row {} ({} {}): THREADS must be a whole number >= 1 and SECONDS > 0",
                                              path, r + 1, threads, seconds));
        rows.push_back({static_cast<int>(threads), seconds});
    }
    return rows;
}

/// Speedup and efficiency of every row, against the row with 1 thread.
std::vector<Scaling> scaling(const std::vector<Timing>& rows) {
    double serial = -1;
    for (const auto& row : rows)
        if (row.threads == 1) serial = row.seconds;
    if (serial < 0) workbook::usage_error("the table has no row with 1 thread: speedup is measured against it");
    std::vector<Scaling> result;
    // TODO(10): one Scaling per row, in the table's order: its threads and seconds, the
    //           speedup serial / row.seconds (the 1-thread time over this row's time: above 1
    //           when more threads are faster), and the efficiency speedup / row.threads.
    for (const auto& row : rows) result.push_back({row.threads, row.seconds, 0.0, 0.0});
    return result;
}

int main(int argc, char** argv) {
    std::string table, out;
    workbook::Cli cli{
        "Lesson 10 exercise 'speedup_plot': speedup T(1)/T(p) and efficiency speedup/p of a\n"
        "timing table, printed, and with --out drawn beside the ideal line."};
    cli.option("--table", table, "the timing table: 'THREADS SECONDS' per line, '#' comments");
    cli.option("--out", out, "also draw it: OUT/speedup.svg and .png with data and script (a folder that exists)");
    cli.parse(argc, argv);
    if (table.empty()) workbook::usage_error("--table FILE is needed");
    workbook::require_folder("--out", out);
    std::vector<Timing> timings;
    try {
        timings = read_timings(table);  // a file that cannot be read is bad input too
    } catch (const std::runtime_error& error) { workbook::usage_error(error.what()); }

    return workbook::run([&] {
        const auto rows = scaling(timings);
        fmt::print("threads  seconds  speedup  efficiency\n");
        for (const auto& r : rows)
            fmt::print("{:7d}  {:7.4f}  {:7.3f}  {:9.1f}%\n", r.threads, r.seconds, r.speedup, 100 * r.efficiency);
        if (!out.empty()) {
            workbook::plot::LineFigure figure{"speedup", "threads", "speedup",
                                              false,     false,     {{"measured", {}, {}}, {"ideal", {}, {}}}};
            figure.key = "top left";
            for (const auto& r : rows) {
                figure.series[0].x.push_back(r.threads);
                figure.series[0].y.push_back(r.speedup);
                figure.series[1].x.push_back(r.threads);
                figure.series[1].y.push_back(r.threads);
            }
            const auto written = workbook::plot::line_plot(figure, out, "speedup");
            fmt::print(stderr, "wrote {} in {}{}\n", workbook::plot::file_names(written), out,
                       written.drawn ? "" : " (no gnuplot: draw them with '" + written.render + "' there)");
        }
    });
}
