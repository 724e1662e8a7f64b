/// @file fit_amdahl.cpp
/// @brief Exercise: fit Amdahl's law to a timing table by least squares. Fixed work with a
/// serial part s and a parallel part q takes T(p) = s + q / p seconds on p threads: a
/// straight line in x = 1/p, so s and q come from a linear least-squares fit over every
/// row, and the serial fraction is f = s / (s + q). Then the speedups the law predicts
/// beside the measured ones, and its limit, 1 / f. Graded on what it prints (1e-6).
#include "scaling.hpp"

#include <workbook/cli.hpp>
#include <workbook/table.hpp>

#include <fmt/core.h>

#include <cmath>
#include <string>
#include <vector>

struct Timing {
    double threads, seconds;
};

/// The least-squares line through (1/p, T(p)): T = serial + parallel / p.
struct AmdahlFit {
    double serial, parallel;
};

AmdahlFit fit(const std::vector<Timing>& rows) {
    // Minimise sum (serial + parallel * x - T)^2 over the rows, x = 1/p: the slope is
    // cov(x, T) / var(x) and the line passes through the means.
    double mean_x = 0, mean_t = 0;
    for (const auto& r : rows) mean_x += 1.0 / r.threads, mean_t += r.seconds;
    mean_x /= static_cast<double>(rows.size());
    mean_t /= static_cast<double>(rows.size());
    double covariance = 0, variance = 0;
    for (const auto& r : rows) {
        const double dx = 1.0 / r.threads - mean_x;
        covariance += dx * (r.seconds - mean_t);
        variance += dx * dx;
    }
    const double parallel = covariance / variance;
    return {mean_t - parallel * mean_x, parallel};
}

std::vector<Timing> read_timings(const std::string& path) {
    const auto table = workbook::read_table_argument(path, 1 << 20);
    if (table.columns.size() != 2 || table.rows() < 2)
        workbook::usage_error(fmt::format("{}: needs 2 columns, THREADS SECONDS, and at least 2 rows", path));
    std::vector<Timing> rows;
    bool one_thread = false, two_counts = false;
    for (std::size_t r = 0; r < table.rows(); ++r) {
        const double p = table.columns[0][r], t = table.columns[1][r];
        if (p < 1 || p > 1e6 || p != std::floor(p) || t <= 0)
            workbook::usage_error(
                fmt::format("{}: row {}: THREADS must be a whole number >= 1, SECONDS > 0", path, r + 1));
        one_thread = one_thread || p == 1;
        two_counts = two_counts || p != table.columns[0][0];
        rows.push_back({p, t});
    }
    if (!one_thread)
        workbook::usage_error(fmt::format("{}: no row with 1 thread: speedup is measured against it", path));
    if (!two_counts) workbook::usage_error(fmt::format("{}: a fit needs at least two different thread counts", path));
    return rows;
}

int main(int argc, char** argv) {
    std::string table;
    workbook::Cli cli{
        "Lesson 11 exercise 'fit_amdahl': the serial fraction of a timing table by a least-squares\n"
        "fit of T(p) = s + q/p, the speedups Amdahl's law predicts with it, and its limit 1/f."};
    cli.option("--table", table, "the timing table: 'THREADS SECONDS' per line, '#' comments");
    cli.parse(argc, argv);
    if (table.empty()) workbook::usage_error("--table FILE is needed");
    const auto rows = read_timings(table);

    return workbook::run([&] {
        const auto line = fit(rows);
        const double f = line.serial / (line.serial + line.parallel);
        double one = 0;
        for (const auto& r : rows)
            if (r.threads == 1) one = r.seconds;
        fmt::print("least-squares fit of {} timings: T(p) = {:.6f} + {:.6f} / p seconds\n", rows.size(), line.serial,
                   line.parallel);
        fmt::print("serial fraction f = {:.6f}\n", f);
        fmt::print("threads  measured speedup  Amdahl's speedup\n");
        for (const auto& r : rows)
            fmt::print("{:7.0f}  {:16.4f}  {:16.4f}\n", r.threads, one / r.seconds,
                       lesson11::amdahl_speedup(f, r.threads));
        if (f > 0)
            fmt::print("no thread count gives more than {:.2f}x (1 / f)\n", 1.0 / f);
        else
            fmt::print("no serial part measured: the law sets no limit\n");
    });
}
