#include "workbook/plot.hpp"

#include "workbook/files.hpp"
#include "workbook/sys.hpp"

#include <fmt/core.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace workbook::plot {

namespace {

std::optional<fs::path> find_gnuplot() {
    const char* path = std::getenv("PATH");
    std::istringstream folders(path ? path : "/usr/bin:/bin");
    for (std::string folder; std::getline(folders, folder, ':');) {
        const fs::path candidate = fs::path(folder.empty() ? "." : folder) / "gnuplot";
        if (access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return std::nullopt;
}

/// A name becomes a file name, never a path.
void check_name(const std::string& name) {
    if (!plain_name(name)) throw std::invalid_argument(fmt::format("'{}' is not a plain file name for a figure", name));
}

void check_values(const std::vector<double>& values, const char* what, bool logarithmic) {
    for (const double v : values) {
        if (!std::isfinite(v)) throw std::invalid_argument(fmt::format("{} holds a value that is not finite", what));
        if (logarithmic && v <= 0)
            throw std::invalid_argument(fmt::format("{} is on a log scale but holds {}", what, v));
    }
}

void check(const LineFigure& figure) {
    if (figure.series.empty()) throw std::invalid_argument("a line plot needs at least one series");
    for (const auto& s : figure.series) {
        if (s.x.size() != s.y.size())
            throw std::invalid_argument(
                fmt::format("series '{}' has {} x values but {} y values", s.title, s.x.size(), s.y.size()));
        if (s.x.size() < 2)
            throw std::invalid_argument(
                fmt::format("series '{}' has {} point(s): a line needs at least 2", s.title, s.x.size()));
        check_values(s.x, "x", figure.log_x);
        check_values(s.y, "y", figure.log_y);
    }
}

void check(const SurfaceFigure& figure) {
    if (figure.x.size() < 2 || figure.y.size() < 2)
        throw std::invalid_argument(fmt::format("a surface needs a grid of at least 2 x 2 points, not {} x {}",
                                                figure.x.size(), figure.y.size()));
    if (figure.z.size() != figure.x.size() * figure.y.size())
        throw std::invalid_argument(fmt::format("a {} x {} grid needs {} values of z, not {}", figure.x.size(),
                                                figure.y.size(), figure.x.size() * figure.y.size(), figure.z.size()));
    check_values(figure.x, "x", false);
    check_values(figure.y, "y", false);
    check_values(figure.z, "z", false);
}

/// A gnuplot string: in double quotes, with its backslashes and quotes escaped.
std::string quoted(const std::string& text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c == '\n' ? ' ' : c;
    }
    return out + "\"";
}

std::string labels(const std::string& title, const std::string& x, const std::string& y) {
    return fmt::format("set title {}\nset xlabel {}\nset ylabel {}\n", quoted(title), quoted(x), quoted(y));
}

/// A scratch folder inside the output folder: the figure's files are made there and moved
/// into place together (rename within one file system), or removed with it on failure.
class Scratch {
public:
    Scratch(const std::string& folder, const std::string& name) : folder_(folder) {
        std::error_code error;
        if (!fs::is_directory(folder, error))
            throw std::runtime_error(fmt::format("the output folder '{}' does not exist", folder));
        std::string pattern = (fs::path(folder) / ("." + name + ".plot-XXXXXX")).string();
        if (mkdtemp(pattern.data()) == nullptr)
            throw std::system_error(errno, std::generic_category(), "cannot make a scratch folder in " + folder);
        path_ = pattern;
    }
    ~Scratch() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;

    [[nodiscard]] const fs::path& path() const { return path_; }

    void write(const std::string& file, const std::string& text) {
        workbook::write_file((path_ / file).string(), text);
    }

    /// Moves the files made here into the output folder; returns their paths there.
    std::vector<std::string> publish(const std::vector<std::string>& files) {
        std::vector<std::string> placed;
        for (const auto& file : files) {
            const fs::path target = fs::path(folder_) / file;
            fs::rename(path_ / file, target);
            placed.push_back(target.string());
        }
        return placed;
    }

private:
    std::string folder_;
    fs::path path_;
};

/// Runs gnuplot on `script` in `folder`; its standard output is returned (the dumb
/// terminal's picture). A failure throws with gnuplot's first complaint.
std::string run_gnuplot(const fs::path& gnuplot, const fs::path& folder, const std::string& script) {
    const fs::path out = folder / ".gnuplot.out", err = folder / ".gnuplot.err";
    const pid_t child = checked(fork(), "fork");
    if (child == 0) {
        const int in = open("/dev/null", O_RDONLY);
        const int o = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int e = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (in < 0 || o < 0 || e < 0 || chdir(folder.c_str()) != 0 || dup2(in, 0) < 0 || dup2(o, 1) < 0 ||
            dup2(e, 2) < 0)
            _exit(126);
        execl(gnuplot.c_str(), "gnuplot", script.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    int status = 0;
    while (waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) throw std::system_error(errno, std::generic_category(), "waitpid");
    }
    std::ostringstream output, complaint;
    output << std::ifstream(out).rdbuf();
    complaint << std::ifstream(err).rdbuf();
    std::error_code ignored;
    fs::remove(out, ignored);
    fs::remove(err, ignored);
    const std::string said = complaint.str();
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || said.find("rror") != std::string::npos) {
        std::string first = said.substr(0, said.find('\n', said.find_first_not_of(" \n")));
        throw std::runtime_error(fmt::format("gnuplot {} failed ({}){}{}", script, describe_wait_status(status),
                                             first.empty() ? "" : ": ", first));
    }
    return output.str();
}

/// Writes data and script in scratch, draws when gnuplot is there, publishes all of it.
Written finish(Scratch& scratch, const std::string& name, const std::string& data, const std::string& script,
               const std::vector<std::string>& pictures) {
    scratch.write(name + ".dat", data);
    scratch.write(name + ".gp", script);
    std::vector<std::string> files{name + ".dat", name + ".gp"};
    Written written;
    written.render = "gnuplot " + name + ".gp";
    if (const auto gnuplot = find_gnuplot()) {
        run_gnuplot(*gnuplot, scratch.path(), name + ".gp");
        files.insert(files.end(), pictures.begin(), pictures.end());
        written.drawn = true;
    }
    written.files = scratch.publish(files);
    return written;
}

std::string number(double v) { return fmt::format("{:.9g}", v); }

/// Text as it may stand in an HTML page.
std::string html_text(const std::string& text) {
    std::string out;
    for (const char c : text) {
        if (c == '<')
            out += "&lt;";
        else if (c == '>')
            out += "&gt;";
        else if (c == '&')
            out += "&amp;";
        else
            out += c;
    }
    return out;
}

std::string line_data(const LineFigure& figure) {
    std::string data;
    for (std::size_t k = 0; k < figure.series.size(); ++k) {
        const auto& s = figure.series[k];
        if (k > 0) data += "\n\n";  // two blank lines: the next gnuplot `index`
        data += "# " + s.title + "\n";
        for (std::size_t i = 0; i < s.x.size(); ++i) data += number(s.x[i]) + " " + number(s.y[i]) + "\n";
    }
    return data;
}

std::string plot_command(const LineFigure& figure, const std::string& data_file) {
    std::string command = "plot ";
    for (std::size_t k = 0; k < figure.series.size(); ++k) {
        if (k > 0) command += ", \\\n     ";
        // Points are marked where there are few enough to see one by one.
        const char* style = figure.series[k].x.size() <= 60 ? "linespoints" : "lines";
        command +=
            fmt::format("{} index {} using 1:2 with {} title {}", k == 0 ? "'" + data_file + "'" : std::string("''"), k,
                        style, quoted(figure.series[k].title));
    }
    return command + "\n";
}

std::string axes(const LineFigure& figure) {
    std::string text =
        labels(figure.title, figure.x_label, figure.y_label) + "set grid\nset key " + figure.key + " box opaque\n";
    if (figure.log_x) text += "set logscale x\n";
    if (figure.log_y) text += "set logscale y\n";
    if (figure.y_from_zero && !figure.log_y) text += "set yrange [0:*]\n";
    return text;
}

}  // namespace

bool plain_name(const std::string& name) {
    return !name.empty() && name.size() <= 100 && name.front() != '.' &&
           name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") ==
               std::string::npos;
}

bool have_gnuplot() { return find_gnuplot().has_value(); }

std::string file_names(const Written& written) {
    std::string names;
    for (const auto& file : written.files) {
        if (!names.empty()) names += ' ';
        names += fs::path(file).filename().string();
    }
    return names;
}

Written line_plot(const LineFigure& figure, const std::string& folder, const std::string& name) {
    check(figure);
    check_name(name);
    Scratch scratch(folder, name);
    const std::string script = fmt::format(
        "# {0}.gp: draws {0}.dat as {0}.svg and {0}.png. Edit it and run again: gnuplot {0}.gp\n"
        "{1}"
        "set terminal svg size 800,500 dynamic noenhanced font 'sans,12'\n"
        "set output '{0}.svg'\n"
        "{2}"
        "set terminal pngcairo size 800,500 noenhanced font 'sans,10'\n"
        "set output '{0}.png'\n"
        "replot\n",
        name, axes(figure), plot_command(figure, name + ".dat"));
    return finish(scratch, name, line_data(figure), script, {name + ".svg", name + ".png"});
}

Written bar_chart(const BarFigure& figure, const std::string& folder, const std::string& name) {
    if (figure.categories.empty() || figure.bars.empty())
        throw std::invalid_argument("a bar chart needs at least one category and one series");
    for (const auto& b : figure.bars) {
        if (b.y.size() != figure.categories.size())
            throw std::invalid_argument(fmt::format("series '{}' has {} values for {} categories", b.title, b.y.size(),
                                                    figure.categories.size()));
        std::vector<double> drawn;  // NaN is a bar left out (gnuplot skips "NaN")
        std::copy_if(b.y.begin(), b.y.end(), std::back_inserter(drawn), [](double v) { return !std::isnan(v); });
        check_values(drawn, "a bar", figure.log_y);
    }
    check_name(name);
    Scratch scratch(folder, name);
    std::string data = "# category";
    for (const auto& b : figure.bars) {
        data += ' ';
        data += quoted(b.title);
    }
    data += "\n";
    for (std::size_t c = 0; c < figure.categories.size(); ++c) {
        data += quoted(figure.categories[c]);
        for (const auto& b : figure.bars) {
            data += ' ';
            data += std::isnan(b.y[c]) ? "NaN" : number(b.y[c]);
        }
        data += "\n";
    }
    std::string command = "plot ";
    for (std::size_t k = 0; k < figure.bars.size(); ++k) {
        command += k == 0 ? fmt::format("'{}.dat' using 2:xtic(1)", name) : fmt::format(", '' using {}", k + 2);
        command += " title ";
        command += quoted(figure.bars[k].title);
    }
    const std::string script = fmt::format(
        "# {0}.gp: draws {0}.dat as {0}.svg and {0}.png. Edit it and run again: gnuplot {0}.gp\n"
        "{1}set grid ytics\nset key outside right top box\n{2}"
        "set style data histograms\nset style histogram clustered gap 1\nset style fill solid 0.8 border -1\n"
        "set xtics rotate by -30 noenhanced\nset bmargin 8\n"
        "set terminal svg size 900,550 dynamic noenhanced font 'sans,12'\nset output '{0}.svg'\n{3}\n"
        "set terminal pngcairo size 900,550 noenhanced font 'sans,10'\nset output '{0}.png'\nreplot\n",
        name, labels(figure.title, "", figure.y_label), figure.log_y ? "set logscale y\n" : "", command);
    return finish(scratch, name, data, script, {name + ".svg", name + ".png"});
}

std::optional<std::string> terminal_plot(const LineFigure& figure, int columns, int rows) {
    check(figure);
    if (columns < 20 || columns > 1000 || rows < 10 || rows > 1000)
        throw std::invalid_argument(fmt::format("a terminal plot of {} x {} characters", columns, rows));
    const auto gnuplot = find_gnuplot();
    if (!gnuplot) return std::nullopt;
    Scratch scratch(fs::temp_directory_path().string(), "terminal");
    scratch.write("terminal.dat", line_data(figure));
    scratch.write("terminal.gp", fmt::format("set terminal dumb size {},{} noenhanced\n{}{}", columns, rows,
                                             axes(figure), plot_command(figure, "terminal.dat")));
    return run_gnuplot(*gnuplot, scratch.path(), "terminal.gp");
}

std::string show_surface(const SurfaceFigure& figure) {
    const std::string data = splot_grid(figure);
    const auto gnuplot = find_gnuplot();
    if (!gnuplot) return "no gnuplot here: open the .html page in a browser instead";
    const char* display = std::getenv("DISPLAY");
    const char* wayland = std::getenv("WAYLAND_DISPLAY");
    if ((display == nullptr || *display == '\0') && (wayland == nullptr || *wayland == '\0'))
        return "no display here (DISPLAY is not set, as in an ssh session): open the .html page in a browser instead";
    Scratch scratch(fs::temp_directory_path().string(), "show");
    scratch.write("terminals.gp", "print GPVAL_TERMINALS\n");
    const std::string terminals = run_gnuplot(*gnuplot, scratch.path(), "terminals.gp");
    std::string window;
    for (const char* name : {"qt", "wxt", "x11"})
        if (terminals.find(std::string(" ") + name + " ") != std::string::npos ||
            terminals.starts_with(std::string(name) + " "))
            window = name;
    if (window.empty())
        return "this gnuplot has no window terminal (gnuplot-nox): install gnuplot-qt for one, or open the .html page";
    // The data inline (a datablock), so the window needs no file that the scratch folder takes along.
    scratch.write("show.gp", fmt::format("set terminal {} persist\n{}set zlabel {}\nset pm3d\n$grid << EOD\n{}EOD\n"
                                         "splot $grid using 1:2:3 with pm3d notitle\n",
                                         window, labels(figure.title, figure.x_label, figure.y_label),
                                         quoted(figure.z_label), data));
    run_gnuplot(*gnuplot, scratch.path(), "show.gp");
    return "opened in gnuplot's " + window + " window: drag with the mouse to turn it";
}

std::string splot_grid(const SurfaceFigure& figure) {
    check(figure);
    std::string data;
    for (std::size_t i = 0; i < figure.x.size(); ++i) {
        for (std::size_t j = 0; j < figure.y.size(); ++j)
            data += number(figure.x[i]) + " " + number(figure.y[j]) + " " + number(figure.z[i * figure.y.size() + j]) +
                    "\n";
        data += "\n";  // the end of a scan line
    }
    return data;
}

Written surface_png(const SurfaceFigure& figure, const std::string& folder, const std::string& name, bool heat_map) {
    const std::string data = splot_grid(figure);
    check_name(name);
    Scratch scratch(folder, name);
    // A heat map is the same splot seen from straight above, the value shown as colour.
    const std::string view =
        heat_map ? "set view map\n" : "set view 60, 30\nset zlabel " + quoted(figure.z_label) + "\n";
    const std::string script = fmt::format(
        "# {0}.gp: draws {0}.dat as {0}.png, seen from one fixed angle. Edit it and run again:\n"
        "# gnuplot {0}.gp (gnuplot's qt or wxt window, where there is one, can be turned with the mouse)\n"
        "set terminal pngcairo size 900,650 noenhanced font 'sans,10'\n"
        "set output '{0}.png'\n"
        "{1}{2}"
        "set pm3d\nset palette rgb 33,13,10\n"
        "splot '{0}.dat' using 1:2:3 with pm3d notitle\n",
        name, labels(figure.title, figure.x_label, figure.y_label), view);
    return finish(scratch, name, data, script, {name + ".png"});
}

Written surface_page(const SurfaceFigure& figure, const std::string& folder, const std::string& name) {
    check(figure);
    check_name(name);
    Scratch scratch(folder, name);
    // plotly's surface wants z as rows of y: z[j][i] is the value at (x[i], y[j]).
    nlohmann::json z = nlohmann::json::array();
    for (std::size_t j = 0; j < figure.y.size(); ++j) {
        nlohmann::json row = nlohmann::json::array();
        for (std::size_t i = 0; i < figure.x.size(); ++i) row.push_back(figure.z[i * figure.y.size() + j]);
        z.push_back(row);
    }
    const nlohmann::json trace = {{"type", "surface"}, {"x", figure.x}, {"y", figure.y}, {"z", z}};
    const nlohmann::json layout = {{"title", figure.title},
                                   {"scene",
                                    {{"xaxis", {{"title", figure.x_label}}},
                                     {"yaxis", {{"title", figure.y_label}}},
                                     {"zaxis", {{"title", figure.z_label}}}}}};
    // The page loads plotly.js from beside it: nothing is fetched from the network.
    const std::string page = fmt::format(
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>{0}</title>\n"
        "<script src=\"plotly.js\"></script>\n</head>\n<body>\n"
        "<div id=\"plot\" style=\"width: 100%; height: 92vh;\"></div>\n<script>\n"
        "if (typeof Plotly === 'undefined') {{\n"
        "  document.body.textContent = 'plotly.js is missing beside this page: apt-get install python3-plotly, "
        "then run the program again.';\n"
        "}} else {{\n"
        "  Plotly.newPlot('plot', [{1}], {2}, {{responsive: true}});\n"
        "}}\n</script>\n</body>\n</html>\n",
        html_text(figure.title), trace.dump(), layout.dump());
    scratch.write(name + ".html", page);
    std::vector<std::string> files{name + ".html"};
    Written written;
    std::error_code error;
    const fs::path beside = fs::path(folder) / "plotly.js";
    if (fs::exists(plotly_js, error)) {
        // One copy per folder (8 MB): made again only if it differs in size.
        if (!fs::exists(beside, error) || fs::file_size(beside, error) != fs::file_size(plotly_js, error)) {
            fs::copy_file(plotly_js, scratch.path() / "plotly.js");
            files.push_back("plotly.js");
        }
        written.drawn = true;
    } else {
        written.render = "apt-get install python3-plotly, then run the program again";
    }
    written.files = scratch.publish(files);
    if (written.drawn && files.size() == 1) written.files.push_back(beside.string());  // there already
    return written;
}

}  // namespace workbook::plot
