/// @file plot.hpp
/// @brief Pictures of a program's numbers, drawn by gnuplot and plotly.js, never by hand.
///
/// Every figure is written as its data file and a readable gnuplot script beside it (a
/// student can edit the script and run `gnuplot NAME.gp` again); gnuplot then draws the
/// pictures when it is installed (Debian: gnuplot-nox). Without gnuplot the data and the
/// script are still written, and Written::render is the one command that draws them.
///
/// Three kinds of picture, the point of lesson 10:
/// - a 2-D line plot (SVG and PNG), and the same in the terminal (gnuplot's `dumb`) for an
///   ssh session on a login node;
/// - a surface or a heat map as a PNG: a 2-D picture of 3-D data (its view is fixed when it
///   is drawn);
/// - a real 3-D plot: an HTML page the viewer turns and zooms with the mouse, drawn by
///   plotly.js as Debian ships it (python3-plotly), copied beside the page, so the page
///   works offline.
///
/// All or nothing: a figure's files are made in a scratch folder inside the output folder
/// and moved into place only when every one of them is complete; a failure leaves nothing
/// behind and replaces nothing. Bad figures (no points, x and y of different lengths, a
/// value that is not finite, a log axis with a value <= 0) throw std::invalid_argument;
/// a folder that does not exist, or a gnuplot that fails, throws std::runtime_error.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace workbook::plot {

/// One line of a 2-D plot.
struct Series {
    std::string title;
    std::vector<double> x, y;
};

/// A 2-D line plot.
struct LineFigure {
    std::string title, x_label, y_label;
    bool log_x = false, log_y = false;
    std::vector<Series> series;
    std::string key = "top right";  ///< where the legend goes, in gnuplot's words ("top left")
    bool y_from_zero = false;       ///< the y axis starts at 0 (a share: 99.5% must not look like 0%)
};

/// Bars side by side: for each category (a benchmark), one bar per series (C++, Python).
struct BarFigure {
    std::string title, y_label;
    bool log_y = false;
    std::vector<std::string> categories;
    std::vector<Series> bars;  ///< each series' y holds one value per category (its x is unused); NaN: no bar
};

/// A function z(x, y) sampled on a grid: z[i * y.size() + j] is the value at (x[i], y[j]).
struct SurfaceFigure {
    std::string title, x_label, y_label, z_label;
    std::vector<double> x, y, z;
};

/// What a figure left in its folder.
struct Written {
    std::vector<std::string> files;  ///< the figure's files in the folder, pictures included
    bool drawn = false;              ///< gnuplot drew the pictures (false: data and script only)
    std::string render;              ///< the command that draws them, run in the folder
};

/// Whether `name` may name a figure's files: letters, digits, '-', '_' and '.', not first.
bool plain_name(const std::string& name);

/// The names of a figure's files, without their folder, separated by spaces
/// ("heat.dat heat.gp heat.svg heat.png"): what a program tells the student it wrote.
std::string file_names(const Written& written);

/// Whether gnuplot can be started (found on PATH).
bool have_gnuplot();

/// NAME.dat (one block per series) and NAME.gp, which draws NAME.svg and NAME.png.
Written line_plot(const LineFigure& figure, const std::string& folder, const std::string& name);

/// NAME.dat (a row per category) and NAME.gp, which draws NAME.svg and NAME.png: clustered
/// bars, gnuplot's histogram style.
Written bar_chart(const BarFigure& figure, const std::string& folder, const std::string& name);

/// The line plot drawn in text, `columns` x `rows` characters (gnuplot's dumb terminal);
/// nothing without gnuplot.
std::optional<std::string> terminal_plot(const LineFigure& figure, int columns = 78, int rows = 22);

/// NAME.dat in splot's layout and NAME.gp, which draws NAME.png: the surface seen from one
/// fixed angle (`heat_map`: from straight above, the value as colour).
Written surface_png(const SurfaceFigure& figure, const std::string& folder, const std::string& name,
                    bool heat_map = false);

/// NAME.html, a plotly.js surface the viewer turns with the mouse, and plotly.js beside it.
/// Needs no gnuplot; without python3-plotly the page says what to install.
Written surface_page(const SurfaceFigure& figure, const std::string& folder, const std::string& name);

/// Opens the surface in gnuplot's own window (qt, wxt or x11), which turns with the mouse
/// and stays after the program ends (gnuplot -persist). Returns what happened, in words:
/// where there is no display or no window terminal (gnuplot-nox has none), why not.
std::string show_surface(const SurfaceFigure& figure);

/// The text of a grid in splot's data layout: one "x y z" line per point, x held while y
/// runs, and a blank line after each scan line (without it splot draws no surface).
std::string splot_grid(const SurfaceFigure& figure);

/// Where plotly.js is read from: python3-plotly's copy.
inline constexpr const char* plotly_js = "/usr/share/python3-plotly/plotly.js";

}  // namespace workbook::plot
