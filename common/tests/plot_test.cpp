#include <workbook/plot.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;
using workbook::plot::LineFigure;
using workbook::plot::SurfaceFigure;

namespace {

/// A fresh folder of the test's own, removed at the end.
struct Folder {
    fs::path path;
    Folder() {
        std::string pattern = (fs::temp_directory_path() / "plot_test.XXXXXX").string();
        path = mkdtemp(pattern.data());
    }
    ~Folder() { fs::remove_all(path); }
    [[nodiscard]] std::size_t entries() const {
        return static_cast<std::size_t>(std::distance(fs::directory_iterator(path), fs::directory_iterator()));
    }
};

std::string read(const fs::path& file) {
    std::ostringstream text;
    text << std::ifstream(file).rdbuf();
    return text.str();
}

LineFigure two_lines() {
    return {"speedup", "threads", "speedup",
            false,     false,     {{"measured", {1, 2, 4}, {1, 1.9, 3.5}}, {"ideal", {1, 2, 4}, {1, 2, 4}}}};
}

SurfaceFigure small_grid() { return {"z = x + 10 y", "x", "y", "z", {0, 1, 2}, {0, 1}, {0, 10, 1, 11, 2, 12}}; }

}  // namespace

TEST(plot, splot_grid_holds_x_while_y_runs_and_ends_each_scan_line_with_a_blank_line) {
    EXPECT_EQ(workbook::plot::splot_grid(small_grid()), "0 0 0\n0 1 10\n\n1 0 1\n1 1 11\n\n2 0 2\n2 1 12\n\n");
}

TEST(plot, bad_figures_are_refused_before_anything_is_written) {
    Folder folder;
    auto uneven = two_lines();
    uneven.series[0].y.pop_back();
    EXPECT_THROW(workbook::plot::line_plot(uneven, folder.path, "f"), std::invalid_argument);
    auto one_point = two_lines();
    one_point.series[0] = {"one", {1}, {1}};
    EXPECT_THROW(workbook::plot::line_plot(one_point, folder.path, "f"), std::invalid_argument);
    auto log_of_zero = two_lines();
    log_of_zero.log_y = true;
    log_of_zero.series[0].y[0] = 0;
    EXPECT_THROW(workbook::plot::line_plot(log_of_zero, folder.path, "f"), std::invalid_argument);
    auto not_finite = small_grid();
    not_finite.z[3] = std::nan("");
    EXPECT_THROW(workbook::plot::surface_png(not_finite, folder.path, "s"), std::invalid_argument);
    auto short_z = small_grid();
    short_z.z.pop_back();
    EXPECT_THROW(workbook::plot::surface_page(short_z, folder.path, "s"), std::invalid_argument);
    EXPECT_THROW(workbook::plot::line_plot(two_lines(), folder.path, "../escape"), std::invalid_argument);
    EXPECT_EQ(folder.entries(), 0U) << "a refused figure must leave nothing behind";
}

TEST(plot, a_missing_output_folder_is_refused) {
    Folder folder;
    EXPECT_THROW(workbook::plot::line_plot(two_lines(), folder.path / "no" / "such", "f"), std::runtime_error);
    EXPECT_EQ(folder.entries(), 0U);
}

TEST(plot, a_line_plot_leaves_its_data_and_script_and_with_gnuplot_its_pictures) {
    Folder folder;
    const auto written = workbook::plot::line_plot(two_lines(), folder.path, "speedup");
    const std::string data = read(folder.path / "speedup.dat");
    EXPECT_EQ(data, "# measured\n1 1\n2 1.9\n4 3.5\n\n\n# ideal\n1 1\n2 2\n4 4\n");
    const std::string script = read(folder.path / "speedup.gp");
    EXPECT_NE(script.find("index 1 using 1:2"), std::string::npos) << script;
    EXPECT_EQ(written.render, "gnuplot speedup.gp");
    EXPECT_EQ(written.drawn, workbook::plot::have_gnuplot());
    if (written.drawn) {
        EXPECT_NE(read(folder.path / "speedup.svg").find("<svg"), std::string::npos);
        EXPECT_EQ(read(folder.path / "speedup.png").substr(1, 3), "PNG");
    }
    EXPECT_EQ(folder.entries(), written.files.size()) << "no scratch folder may be left";
}

TEST(plot, a_gnuplot_that_fails_leaves_nothing_behind) {
    Folder folder;
    const fs::path fake = folder.path / "bin";
    fs::create_directory(fake);
    std::ofstream(fake / "gnuplot") << "#!/bin/sh\necho 'line 3: error: bad things' >&2\nexit 1\n";
    fs::permissions(fake / "gnuplot", fs::perms::owner_all);
    const std::string saved = std::getenv("PATH") ? std::getenv("PATH") : "";
    setenv("PATH", fake.c_str(), 1);
    const fs::path out = folder.path / "out";
    fs::create_directory(out);
    EXPECT_THROW(workbook::plot::line_plot(two_lines(), out, "f"), std::runtime_error);
    setenv("PATH", saved.c_str(), 1);
    EXPECT_TRUE(fs::is_empty(out)) << "no data, script or half picture after a failure";
}

TEST(plot, a_surface_page_is_a_plotly_surface_with_plotly_js_beside_it) {
    Folder folder;
    const auto written = workbook::plot::surface_page(small_grid(), folder.path, "grid");
    const std::string page = read(folder.path / "grid.html");
    EXPECT_NE(page.find("<script src=\"plotly.js\">"), std::string::npos);
    EXPECT_NE(page.find("\"type\":\"surface\""), std::string::npos);
    // plotly wants rows of y: z[j][i] at (x[i], y[j]).
    EXPECT_NE(page.find("\"z\":[[0.0,1.0,2.0],[10.0,11.0,12.0]]"), std::string::npos) << page;
    EXPECT_EQ(page.find("http"), std::string::npos) << "the page must fetch nothing from the network";
    EXPECT_EQ(written.drawn, fs::exists(workbook::plot::plotly_js));
    if (written.drawn) {
        EXPECT_EQ(fs::file_size(folder.path / "plotly.js"), fs::file_size(workbook::plot::plotly_js));
    }
}

TEST(plot, a_bar_chart_writes_a_row_per_category_and_refuses_ragged_series) {
    Folder folder;
    workbook::plot::BarFigure bars{
        "C++ and Python", "seconds", true, {"BM_a", "BM_b"}, {{"C++", {}, {1e-3, 2e-3}}, {"Python", {}, {0.1, 0.3}}}};
    const auto written = workbook::plot::bar_chart(bars, folder.path, "bars");
    EXPECT_EQ(read(folder.path / "bars.dat"),
              "# category \"C++\" \"Python\"\n\"BM_a\" 0.001 0.1\n\"BM_b\" 0.002 0.3\n");
    EXPECT_NE(read(folder.path / "bars.gp").find("using 2:xtic(1)"), std::string::npos);
    EXPECT_EQ(folder.entries(), written.files.size());
    bars.bars[1].y.pop_back();
    EXPECT_THROW(workbook::plot::bar_chart(bars, folder.path, "ragged"), std::invalid_argument);
    bars.bars[1].y = {0.1, 0.0};
    EXPECT_THROW(workbook::plot::bar_chart(bars, folder.path, "log_of_zero"), std::invalid_argument);
}
