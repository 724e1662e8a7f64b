/// @file surface_grid.cpp
/// @brief Exercise: write a surface z(x, y) = sin(x) cos(y) on a grid in the layout gnuplot's
/// splot reads: one "x y z" line per point, x held while y runs through the scan line, and a
/// blank line after every scan line. Without the blank lines splot draws the points as one
/// long line and no surface. Graded on the text it prints; --out DIR also draws the picture.
#include <workbook/cli.hpp>
#include <workbook/plot.hpp>

#include <fmt/core.h>

#include <cmath>
#include <filesystem>
#include <numbers>
#include <string>

/// The i-th of `count` points spread evenly from `low` to `high`, both ends included.
double grid_point(int i, int count, double low, double high) {
    return low + (high - low) * static_cast<double>(i) / static_cast<double>(count - 1);
}

double surface(double x, double y) { return std::sin(x) * std::cos(y); }

/// The grid's text in splot's layout, x from 0 to pi in nx points, y from 0 to pi in ny.
std::string splot_text(int nx, int ny) {
    std::string text;
    for (int i = 0; i < nx; ++i) {
        const double x = grid_point(i, nx, 0.0, std::numbers::pi);
        for (int j = 0; j < ny; ++j) {
            const double y = grid_point(j, ny, 0.0, std::numbers::pi);
            text += fmt::format("{:.6f} {:.6f} {:.6f}\n", x, y, surface(x, y));
        }
        text += "\n";  // the end of a scan line: splot starts the next row of the surface
    }
    return text;
}

int main(int argc, char** argv) {
    int nx = 4, ny = 3;
    std::string out;
    workbook::Cli cli{
        "Lesson 10 exercise 'surface_grid': z = sin(x) cos(y) on an nx x ny grid over [0, pi]^2,\n"
        "printed in the layout gnuplot's splot reads (a blank line after each scan line)."};
    cli.option("--nx", nx, "grid points along x", workbook::between(2, 10000));
    cli.option("--ny", ny, "grid points along y", workbook::between(2, 10000));
    cli.option("--out", out, "also draw it: OUT/surface_grid.png and the script (a folder that exists)");
    cli.parse(argc, argv);
    workbook::require_folder("--out", out);

    return workbook::run([&] {
        const std::string text = splot_text(nx, ny);
        fmt::print("{}", text);
        if (!out.empty()) {
            // The picture from the same numbers: the library's own grid, drawn by gnuplot.
            workbook::plot::SurfaceFigure figure{"z = sin(x) cos(y)", "x", "y", "z", {}, {}, {}};
            for (int i = 0; i < nx; ++i) figure.x.push_back(grid_point(i, nx, 0.0, std::numbers::pi));
            for (int j = 0; j < ny; ++j) figure.y.push_back(grid_point(j, ny, 0.0, std::numbers::pi));
            for (const double x : figure.x)
                for (const double y : figure.y) figure.z.push_back(surface(x, y));
            const auto written = workbook::plot::surface_png(figure, out, "surface_grid");
            fmt::print(stderr, "wrote {} in {}{}\n", workbook::plot::file_names(written), out,
                       written.drawn ? "" : " (no gnuplot: draw them with '" + written.render + "' there)");
        }
    });
}
