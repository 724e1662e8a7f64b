/// @file mandelbrot_map.cpp
/// @brief Lesson 05's Mandelbrot escape times as a heat map: the iterations of each point
/// of the image as colour, seen from above. The same numbers made schedule(static) unfair
/// in lesson 05: the bright rows are the expensive ones, and here one can see where they are.
#include "escape_time.hpp"

#include <workbook/cli.hpp>
#include <workbook/plot.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <filesystem>
#include <string>

int main(int argc, char** argv) {
    int size = 200;
    long max_iter = 200;
    std::string out = ".";
    workbook::Cli cli{
        "Lesson 10 demo 'mandelbrot_map': lesson 05's Mandelbrot escape times over the upper half\n"
        "of the set, drawn as a heat map (PNG): iterations as colour, the costly rows bright."};
    cli.option("--size", size, "points along each side", workbook::between(2, 2000));
    cli.option("--max-iter", max_iter, "iterations at most per point", workbook::between(1, 100000));
    cli.option("--out", out, "the folder the picture goes to (it must exist)");
    cli.parse(argc, argv);
    workbook::require_folder("--out", out);

    return workbook::run([&] {
        // The region of lesson 05's pick_schedule: x from -2 to 0.6, y from 0 to 1.3.
        workbook::plot::SurfaceFigure map{
            "Mandelbrot escape times (iterations)", "re c", "im c", "iterations", {}, {}, {}};
        for (int i = 0; i < size; ++i) map.x.push_back(-2.0 + 2.6 * i / (size - 1));
        for (int j = 0; j < size; ++j) map.y.push_back(1.3 * j / (size - 1));
        long total = 0, most = 0;
        for (const double re : map.x) {
            for (const double im : map.y) {
                const long k = lesson05::escape_time(re, im, max_iter);
                map.z.push_back(static_cast<double>(k));
                total += k;
                most = std::max(most, k);
            }
        }
        fmt::print("{} x {} points, {} iterations in all; the costliest point {} (max {})\n", size, size, total, most,
                   max_iter);
        const auto written = workbook::plot::surface_png(map, out, "mandelbrot_map", true);
        fmt::print("written to the --out folder: {}\n", workbook::plot::file_names(written));
        if (!written.drawn) fmt::print("no gnuplot here: in that folder, run '{}' to draw it\n", written.render);
    });
}
