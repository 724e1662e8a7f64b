/// @file heat_surface.cpp
/// @brief The same data three ways. The heat equation u_t = u_xx on [0, 1] (lesson 06's
/// heat1d, here on one process) gives u(x, t): a function of two variables. Drawn as
/// - lines: u(x) at a few times (2-D: exact values, for a paper);
/// - a surface PNG and a heat map PNG: a 2-D picture of 3-D data, seen from one fixed angle;
/// - an HTML page with the surface the viewer turns and zooms with the mouse: the only one
///   of them that is a 3-D plot (plotly.js, offline).
/// The start, sin(pi x) + 0.5 sin(3 pi x), has an exact solution, so the program also says
/// how far its numbers are from it.
#include <workbook/cli.hpp>
#include <workbook/plot.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numbers>
#include <string>
#include <vector>

namespace {

constexpr double pi = std::numbers::pi;

double exact(double x, double t) {
    return std::exp(-pi * pi * t) * std::sin(pi * x) + 0.5 * std::exp(-9 * pi * pi * t) * std::sin(3 * pi * x);
}

/// u(x, t) on `points` x values and `snapshots` times from 0 to t_end, as a grid for the
/// plots: z[i * snapshots + j] is u at x[i], t[j]. Explicit steps with dt = 0.4 dx^2
/// (stable below 0.5 dx^2), the ends held at 0.
workbook::plot::SurfaceFigure solve(int points, int snapshots, double t_end) {
    workbook::plot::SurfaceFigure grid{"heat equation u(x, t)", "x", "t", "u", {}, {}, {}};
    const double dx = 1.0 / (points - 1);
    const int steps = std::max(1, static_cast<int>(std::ceil(t_end / (snapshots - 1) / (0.4 * dx * dx))));
    const double dt = t_end / (snapshots - 1) / steps;  // a whole number of steps between snapshots
    std::vector<double> u(static_cast<std::size_t>(points)), next(u.size());
    for (int i = 0; i < points; ++i) {
        grid.x.push_back(i * dx);
        u[static_cast<std::size_t>(i)] = exact(i * dx, 0.0);
    }
    std::vector<std::vector<double>> rows;  // u at each snapshot
    for (int s = 0; s < snapshots; ++s) {
        if (s > 0) {
            for (int k = 0; k < steps; ++k) {
                for (std::size_t i = 1; i + 1 < u.size(); ++i)
                    next[i] = u[i] + dt / (dx * dx) * (u[i - 1] - 2 * u[i] + u[i + 1]);
                next.front() = next.back() = 0.0;
                std::swap(u, next);
            }
        }
        grid.y.push_back(s * steps * dt);
        rows.push_back(u);
    }
    for (std::size_t i = 0; i < grid.x.size(); ++i)
        for (std::size_t j = 0; j < grid.y.size(); ++j) grid.z.push_back(rows[j][i]);
    return grid;
}

}  // namespace

int main(int argc, char** argv) {
    int points = 41, snapshots = 31;
    double t_end = 0.1;
    std::string out = ".";
    bool terminal = false, show = false;
    workbook::Cli cli{
        "Lesson 10 demo 'heat_surface': u(x, t) of the heat equation drawn three ways: lines\n"
        "(SVG, PNG), a surface and a heat map seen from one angle (PNG), and a surface the\n"
        "viewer turns with the mouse (heat.html, plotly.js). --terminal draws the lines in text."};
    cli.option("--points", points, "grid points along x", workbook::between(3, 2000));
    cli.option("--snapshots", snapshots, "times from 0 to --t-end drawn", workbook::between(2, 2000));
    cli.option("--t-end", t_end, "the last time", workbook::between(1e-6, 10));
    cli.option("--out", out, "the folder the pictures go to (it must exist)");
    cli.flag("--terminal", terminal, "also draw u(x) at four times in the terminal");
    cli.flag("--show", show, "also open the surface in gnuplot's window, where there is a display and one");
    cli.parse(argc, argv);
    workbook::require_folder("--out", out);

    return workbook::run([&] {
        const auto grid = solve(points, snapshots, t_end);
        double error = 0;
        for (std::size_t i = 0; i < grid.x.size(); ++i)
            for (std::size_t j = 0; j < grid.y.size(); ++j)
                error = std::max(error, std::abs(grid.z[i * grid.y.size() + j] - exact(grid.x[i], grid.y[j])));
        fmt::print("u(x, t) on {} x {} points, t from 0 to {}: largest difference from the exact solution {:.1e}\n",
                   grid.x.size(), grid.y.size(), t_end, error);

        // Lines: u(x) at four times, the same numbers as the surface's first, middle and last rows.
        workbook::plot::LineFigure slices{"u(x) at four times", "x", "u", false, false, {}};
        const std::size_t n = grid.y.size();
        for (const std::size_t j : {std::size_t{0}, n / 3, 2 * n / 3, n - 1}) {
            workbook::plot::Series line{fmt::format("t = {:.3f}", grid.y[j]), grid.x, {}};
            for (std::size_t i = 0; i < grid.x.size(); ++i) line.y.push_back(grid.z[i * n + j]);
            slices.series.push_back(line);
        }
        const std::pair<workbook::plot::Written, const char*> all[] = {
            {workbook::plot::line_plot(slices, out, "heat_lines"), "2-D: u(x) at four times"},
            {workbook::plot::surface_png(grid, out, "heat_surface"), "a picture of the surface, from one angle"},
            {workbook::plot::surface_png(grid, out, "heat_map", true), "the same from above, u as colour"},
            {workbook::plot::surface_page(grid, out, "heat"), "3-D: open it in a browser and turn it"}};
        fmt::print("written to the --out folder:\n");
        for (const auto& [written, what] : all) {
            fmt::print("  {:<55} {}\n", workbook::plot::file_names(written) + ' ', what);
            if (!written.drawn) fmt::print("  (not drawn here: {})\n", written.render);
        }
        if (show) fmt::print("{}\n", workbook::plot::show_surface(grid));
        if (terminal) {
            if (const auto picture = workbook::plot::terminal_plot(slices)) fmt::print("{}", *picture);
        }
    });
}
