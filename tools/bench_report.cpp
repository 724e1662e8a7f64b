/// @file bench_report.cpp
/// @brief wb_bench_report: a lesson's benchmark medians, with ratios only between entries
/// that measure the same thing: C++ beside its Python peer (the same name), and one
/// benchmark on more threads against itself on one (speedup and efficiency, a thread count
/// above the usable cores marked as oversubscribed). Optionally the same as a Markdown
/// section (./workbook bench's report.md) with the speedup curves drawn as SVG and PNG,
/// and the curves in the terminal.
///
/// With --targets FILE it also judges what the benchmark should reach, one target a line:
///
///     WHAT | C++ BENCHMARKS | AGAINST | AT LEAST
///     matrix product on 1 thread | BM_matmul/n:2000/threads:1 BM_matmul_openblas/n:2000/threads:1 | python BM_matmul/n:2000/threads:1 | 0.95
///
/// The fastest of the C++ benchmarks counts (the report shows which). AGAINST is `python
/// NAMES` (the fastest of the peer's forms; ratio = its time / the C++ time), `cpp NAMES`
/// (ratio the same way: a benchmark on all cores against itself on one) or `peak T` (the
/// C++ benchmark's flops as a share of BM_peak on T threads). `threads:all` in a name is the
/// most threads the C++ side ran; a trailing `?` marks a benchmark that only some builds
/// have (BM_matmul_openblas?: where OpenBLAS was found). A target is met when the ratio is at least AT LEAST; a
/// Python target is not judged when the peer ran on the reference BLAS. --benchmarks LIST
/// (a `--benchmark_list_tests` output) only checks that every C++ name the file uses exists.
///
/// Times are per iteration, or per item where the benchmark counts items
/// (items_per_second). Both inputs are Google Benchmark JSON (the Python peers write the same
/// shape): {"benchmarks": [{"run_name": "BM_x", "aggregate_name": "median", "real_time": 1.5,
/// "time_unit": "us"}, ...]}. A thread sweep is a benchmark whose name has a `threads:N` part
/// (workbook::sweep_usable_cpus names it so).
#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>
#include <workbook/plot.hpp>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Median {
    std::string name;
    double seconds;
    double flops = 0;  // its "flops" counter (floating-point operations a second), if it has one
};

double unit_seconds(const std::string& unit) {
    if (unit == "ns") return 1e-9;
    if (unit == "us") return 1e-6;
    if (unit == "ms") return 1e-3;
    if (unit == "s") return 1.0;
    throw std::runtime_error("unknown time unit '" + unit + "'");
}

/// The medians in file order; a benchmark run without repetitions counts as its own median.
std::vector<Median> read_medians(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    const auto json = nlohmann::json::parse(in);
    std::vector<Median> medians;
    std::map<std::string, bool> has_median;
    for (const auto& b : json.at("benchmarks")) {
        if (b.value("aggregate_name", "") == "median")
            has_median[b.value("run_name", b.at("name").get<std::string>())] = true;
    }
    for (const auto& b : json.at("benchmarks")) {
        std::string name = b.value("run_name", b.at("name").get<std::string>());
        // "BM_x/real_time" is BM_x measured in wall-clock time: the same benchmark as the peer's.
        if (const auto suffix = name.find("/real_time"); suffix != std::string::npos) name.erase(suffix, 10);
        const bool is_median = b.value("aggregate_name", "") == "median";
        const bool plain = b.value("run_type", "iteration") == "iteration" && !has_median.count(name);
        if (is_median || plain) {
            // A benchmark that counts items is compared per item (per task), so runs of
            // different sizes, such as the Python peer's, line up.
            const double seconds =
                b.contains("items_per_second")
                    ? 1.0 / b.at("items_per_second").get<double>()
                    : b.at("real_time").get<double>() * unit_seconds(b.at("time_unit").get<std::string>());
            medians.push_back({name, seconds, b.value("flops", 0.0)});
        }
    }
    return medians;
}

/// The fastest of a peer's forms of one benchmark: the course's own (the same name) and any
/// other a Python user would write today ("NAME@numpy", "NAME@multiprocessing").
struct PythonForm {
    std::string form;  // "numpy", ..., or "" for the course's form
    double seconds = 0;
};
std::optional<PythonForm> fastest_python_form(const std::map<std::string, double>& python, const std::string& name) {
    std::optional<PythonForm> fastest;
    for (auto p = python.lower_bound(name); p != python.end() && p->first.starts_with(name); ++p) {
        const bool same = p->first.size() == name.size();
        if (!same && p->first[name.size()] != '@') continue;
        if (!fastest || p->second < fastest->seconds)
            fastest = PythonForm{same ? "" : p->first.substr(name.size() + 1), p->second};
    }
    return fastest;
}

/// A benchmark JSON's "context" object (the machine, and what the program added: "blas").
nlohmann::json read_context(const std::string& path) {
    std::ifstream in(path);
    const auto json = nlohmann::json::parse(in, nullptr, false);
    if (json.is_discarded() || !json.contains("context")) return nlohmann::json::object();
    return json.at("context");
}

std::string human(double seconds) {
    if (seconds < 1e-6) return fmt::format("{:.1f} ns", seconds * 1e9);
    if (seconds < 1e-3) return fmt::format("{:.2f} us", seconds * 1e6);
    if (seconds < 1.0) return fmt::format("{:.2f} ms", seconds * 1e3);
    return fmt::format("{:.3f} s", seconds);
}

/// One benchmark measured at several thread counts: "BM_pi/threads:*".
struct Sweep {
    std::string family;
    struct Point {
        int threads;
        double seconds, flops;
    };
    std::vector<Point> points;
};

/// The thread sweeps among the medians, in the order they first appear; only those with a
/// 1-thread point and at least one more (speedup needs both).
std::vector<Sweep> thread_sweeps(const std::vector<Median>& medians) {
    static const std::regex threads_part("(^|/)threads:([0-9]+)(/|$)");
    std::vector<Sweep> sweeps;
    for (const auto& m : medians) {
        std::smatch match;
        if (!std::regex_search(m.name, match, threads_part)) continue;
        const std::string family =
            match.prefix().str() + match[1].str() + "threads:*" + match[3].str() + match.suffix().str();
        auto sweep = std::find_if(sweeps.begin(), sweeps.end(), [&](const Sweep& s) { return s.family == family; });
        if (sweep == sweeps.end()) sweep = sweeps.insert(sweeps.end(), Sweep{family, {}});
        sweep->points.push_back({std::stoi(match[2].str()), m.seconds, m.flops});
    }
    std::erase_if(sweeps, [](const Sweep& s) {
        return s.points.size() < 2 ||
               std::none_of(s.points.begin(), s.points.end(), [](const auto& p) { return p.threads == 1; });
    });
    return sweeps;
}

/// The sweep's 1-thread point.
const Sweep::Point& serial_point(const Sweep& sweep) {
    for (const auto& point : sweep.points)
        if (point.threads == 1) return point;
    return sweep.points.front();
}

/// Speedup against the 1-thread point: from the flops rates where the benchmark counts
/// them (work that grows with the threads, as BM_peak's, is then compared fairly), else
/// from the times (the same work on more threads).
double speedup_of(const Sweep::Point& point, const Sweep::Point& serial) {
    if (point.flops > 0 && serial.flops > 0) return point.flops / serial.flops;
    return serial.seconds / point.seconds;
}

/// One line of a targets file (see the top of this file).
struct Target {
    std::string what, kind;
    std::vector<std::string> cpp, against;  // for `peak`: against holds the thread count
    double at_least = 0;
    std::vector<std::string> optional;  // the names marked `?`: only some builds run them
};

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos) return "";
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

std::vector<std::string> words(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> found;
    for (std::string word; in >> word;) found.push_back(word);
    return found;
}

/// The targets of FILE; a line that is not one is bad input, named by its number.
std::vector<Target> read_targets(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::vector<Target> targets;
    int number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        if (trimmed(line).empty() || trimmed(line).starts_with("#")) continue;
        const auto bad = [&](const std::string& why) {
            return std::runtime_error(fmt::format("{}:{}: {}", path, number, why));
        };
        std::vector<std::string> fields;
        std::istringstream split(line);
        for (std::string field; std::getline(split, field, '|');) fields.push_back(trimmed(field));
        if (fields.size() != 4) throw bad("expected WHAT | C++ BENCHMARKS | AGAINST | AT LEAST");
        Target target{fields[0], "", words(fields[1]), words(fields[2]), 0, {}};
        if (target.what.empty() || target.cpp.empty()) throw bad("a target needs a name and C++ benchmarks");
        if (target.against.size() < 2) throw bad("AGAINST is `python NAMES`, `cpp NAMES` or `peak T`");
        target.kind = target.against.front();
        target.against.erase(target.against.begin());
        if (target.kind != "python" && target.kind != "cpp" && target.kind != "peak")
            throw bad("AGAINST starts with python, cpp or peak, not '" + target.kind + "'");
        if (target.kind == "peak" &&
            (target.against.size() != 1 || !std::regex_match(target.against[0], std::regex("[0-9]+|all"))))
            throw bad("`peak T`: T is a thread count or `all`");
        try {
            std::size_t used = 0;
            target.at_least = std::stod(fields[3], &used);
            if (used != fields[3].size() || !(target.at_least > 0)) throw std::invalid_argument("");
        } catch (const std::logic_error&) { throw bad("AT LEAST is a positive number, not '" + fields[3] + "'"); }
        for (auto* names : {&target.cpp, &target.against}) {
            for (auto& name : *names) {
                if (name.size() > 1 && name.ends_with("?")) {
                    name.pop_back();
                    target.optional.push_back(name);
                }
            }
        }
        targets.push_back(target);
    }
    return targets;
}

/// `name` with `threads:all` made the most threads any benchmark of `known` ran as that
/// family; unchanged where the name has no `threads:all` or no such family ran.
std::string resolve_all_threads(const std::string& name, const std::vector<std::string>& known) {
    const auto at = name.find("threads:all");
    if (at == std::string::npos) return name;
    const std::regex family(std::regex_replace(name.substr(0, at), std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)") +
                            "threads:([0-9]+)" +
                            std::regex_replace(name.substr(at + 11), std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)"));
    int most = 0;
    for (const auto& candidate : known) {
        std::smatch match;
        if (std::regex_match(candidate, match, family)) most = std::max(most, std::stoi(match[1].str()));
    }
    if (most == 0) return name;
    return name.substr(0, at) + "threads:" + std::to_string(most) + name.substr(at + 11);
}

/// The report, as text for the terminal and as Markdown for report.md.
struct Report {
    std::string text, markdown;
    void line(const std::string& both) {
        text += both + "\n";
        markdown += both + "\n";
    }
};

/// `--benchmarks LIST`: every C++ benchmark the targets name is one the program runs.
int check_target_names(const std::vector<Target>& targets, const std::string& list_path) {
    std::ifstream in(list_path);
    if (!in) workbook::usage_error("cannot read " + list_path);
    std::vector<std::string> known;
    for (std::string line; std::getline(in, line);) {
        if (const auto suffix = line.find("/real_time"); suffix != std::string::npos) line.erase(suffix);
        if (!trimmed(line).empty()) known.push_back(trimmed(line));
    }
    int missing = 0;
    for (const auto& target : targets) {
        std::vector<std::string> names = target.cpp;
        if (target.kind == "cpp") names.insert(names.end(), target.against.begin(), target.against.end());
        if (target.kind == "peak") names.push_back("BM_peak/threads:" + target.against[0]);
        for (const auto& name : names) {
            const auto resolved = resolve_all_threads(name, known);
            const bool optional =
                std::find(target.optional.begin(), target.optional.end(), name) != target.optional.end();
            if (!optional && std::find(known.begin(), known.end(), resolved) == known.end()) {
                fmt::print(stderr, "target '{}' names {}, which the program does not run\n", target.what, name);
                ++missing;
            }
        }
    }
    if (missing > 0) return 1;
    fmt::print("{} targets; every C++ benchmark they name is one the program runs\n", targets.size());
    return 0;
}

/// Each target met or missed, with its ratio: the fastest of its C++ benchmarks against
/// what it names.
void judge_targets(const std::vector<Target>& targets, const std::string& file, const std::vector<Median>& cpp,
                   const std::map<std::string, double>& python, const std::string& peer_blas_kind, Report& report) {
    std::vector<std::string> known;
    for (const auto& m : cpp) known.push_back(m.name);
    const auto find_cpp = [&](const std::string& name) -> const Median* {
        const auto resolved = resolve_all_threads(name, known);
        for (const auto& m : cpp)
            if (m.name == resolved) return &m;
        return nullptr;
    };
    report.line("");
    report.text += fmt::format("Targets ({}):\n", std::filesystem::path(file).filename().string());
    report.markdown += fmt::format(
        "Targets (`{}`): the fastest C++ form against what the target names.\n\n"
        "| target | C++ (fastest) | against | ratio | needed | verdict |\n|---|---|---|---|---|---|\n",
        std::filesystem::path(file).filename().string());
    int met = 0, judged = 0;
    for (const auto& target : targets) {
        const Median* best = nullptr;
        for (const auto& name : target.cpp)
            if (const Median* m = find_cpp(name); m && (!best || m->seconds < best->seconds)) best = m;
        std::string against = "-", verdict, ratio_text = "-", needed;
        double ratio = 0;
        bool measured = best != nullptr;
        const bool as_share = target.kind == "peak";
        needed = as_share ? fmt::format("{:.0f}%", 100 * target.at_least) : fmt::format("{:.2f}x", target.at_least);
        if (target.kind == "peak") {
            const Median* peak = find_cpp("BM_peak/threads:" + target.against[0]);
            measured = measured && peak && peak->flops > 0 && best->flops > 0;
            if (measured) {
                ratio = best->flops / peak->flops;
                against = fmt::format("`{}` {:.1f} GFLOP/s", peak->name, peak->flops * 1e-9);
            }
        } else {
            double fastest = 0;
            std::string fastest_name;
            for (const auto& name : target.against) {
                if (target.kind == "python") {
                    // The fastest of the peer's forms: the C++ is measured against the best Python.
                    const auto resolved = resolve_all_threads(name, known);
                    if (const auto p = fastest_python_form(python, resolved);
                        p && (fastest == 0 || p->seconds < fastest)) {
                        fastest = p->seconds;
                        fastest_name = "Python `" + resolved + (p->form.empty() ? "" : "@" + p->form) + "`";
                    }
                } else if (const Median* m = find_cpp(name); m && (fastest == 0 || m->seconds < fastest)) {
                    fastest = m->seconds;
                    fastest_name = "`" + m->name + "`";
                }
            }
            measured = measured && fastest > 0;
            if (measured) {
                ratio = fastest / best->seconds;
                against = fmt::format("{} {}", fastest_name, human(fastest));
            }
            // On one usable core "all cores" is one: nothing to compare.
            if (measured && target.kind == "cpp" && fastest_name == "`" + best->name + "`") measured = false;
        }
        if (!measured) {
            verdict = best ? "not measured here" : "not measured (no such C++ benchmark ran)";
            if (best && target.kind == "cpp") verdict = "not measured here (one usable core?)";
            if (best && target.kind == "python" && python.empty()) verdict = "not measured (no Python peer ran)";
        } else if (target.kind == "python" && peer_blas_kind == "reference") {
            verdict = "not judged: the peer ran on the reference BLAS";
            ratio_text = fmt::format("{:.2f}x", ratio);
        } else {
            ++judged;
            const bool ok = ratio >= target.at_least;
            met += ok ? 1 : 0;
            verdict = ok ? "met" : "MISSED";
            ratio_text = as_share ? fmt::format("{:.0f}%", 100 * ratio) : fmt::format("{:.2f}x", ratio);
        }
        const std::string cpp_text = best ? fmt::format("`{}` {}", best->name, human(best->seconds)) : "-";
        report.text += fmt::format("  {:<8} {:>7} (needs {:>5})  {}\n             C++: {}   against: {}\n",
                                   verdict == "met" || verdict == "MISSED" ? verdict : "-", ratio_text, needed,
                                   target.what, cpp_text, against);
        if (verdict != "met" && verdict != "MISSED") report.text += fmt::format("             ({})\n", verdict);
        report.markdown += fmt::format("| {} | {} | {} | {} | {} | {} |\n", target.what, cpp_text, against, ratio_text,
                                       needed, verdict == "MISSED" ? "**missed**" : verdict);
    }
    report.line("");
    report.line(fmt::format("{} of {} targets judged here are met.", met, judged));
}

}  // namespace

int main(int argc, char** argv) {
    std::string cpp_json, python_json, name = "benchmark", markdown, plots, targets_file, benchmark_list;
    bool terminal = false;
    workbook::Cli cli{
        "wb_bench_report: a benchmark program's medians beside its Python peer's, and each thread\n"
        "sweep's speedup and efficiency against its own 1-thread run (./workbook bench runs it)."};
    cli.option("--cpp", cpp_json, "the C++ benchmark's JSON (--benchmark_out)");
    cli.option("--python", python_json, "its Python peer's JSON, if there is one");
    cli.option("--name", name, "the benchmark program's name, for headings and file names");
    cli.option("--markdown", markdown, "append the report to this Markdown file too");
    cli.option("--plots", plots, "draw the speedup curves into this folder (NAME.speedup.svg, .png)");
    cli.flag("--terminal", terminal, "draw the speedup curves in the terminal too");
    std::string also_json, also_label;
    cli.option("--also", also_json, "the same program's JSON from a second run with another setting");
    cli.option("--also-label", also_label, "what that setting was, for the heading (with --also)");
    cli.option("--targets", targets_file, "judge the targets of this file (its form: tools/bench_report.cpp)");
    cli.option("--benchmarks", benchmark_list,
               "only check that every C++ benchmark --targets names is in this list (--benchmark_list_tests)");
    cli.parse(argc, argv);
    std::vector<Target> targets;
    try {
        if (!targets_file.empty()) targets = read_targets(targets_file);
    } catch (const std::exception& error) { workbook::usage_error(error.what()); }
    if (!benchmark_list.empty()) {
        if (targets_file.empty()) workbook::usage_error("--benchmarks checks a --targets file: give one");
        return check_target_names(targets, benchmark_list);
    }
    if (cpp_json.empty()) workbook::usage_error("--cpp FILE is needed");
    if (also_json.empty() != also_label.empty()) workbook::usage_error("--also and --also-label go together");
    if (!workbook::plot::plain_name(name)) workbook::usage_error("--name: letters, digits, '-', '_' and '.' only");
    workbook::require_folder("--plots", plots);

    // The inputs are read first: a file that is missing or not benchmark JSON is bad input.
    std::vector<Median> cpp;
    std::map<std::string, double> python, also;
    nlohmann::json cpp_context = nlohmann::json::object(), python_context = nlohmann::json::object();
    try {
        cpp = read_medians(cpp_json);
        if (!also_json.empty()) {
            for (const auto& m : read_medians(also_json)) also[m.name] = m.seconds;
        }
        cpp_context = read_context(cpp_json);
        if (!python_json.empty()) {
            for (const auto& m : read_medians(python_json)) python[m.name] = m.seconds;
            python_context = read_context(python_json);
        }
    } catch (const std::exception& error) { workbook::usage_error(error.what()); }
    if (cpp.empty()) workbook::usage_error("no benchmarks in " + cpp_json);

    return workbook::run([&] {
        Report report;
        report.markdown += fmt::format("## {}\n\n", name);

        // Every median, and the Python peer's for the same name: the only cross-language ratio.
        std::size_t width = 18;
        for (const auto& m : cpp) width = std::max(width, m.name.size());
        // Where the peer also ran other forms (NAME@numpy, ...), the fastest of them is shown
        // too: beating the course's pure-Python form is easy, beating numpy is the real test.
        const bool has_forms = std::any_of(python.begin(), python.end(),
                                           [](const auto& p) { return p.first.find('@') != std::string::npos; });
        report.text += fmt::format("{:<{}}  {:>12}", "benchmark (median)", width, "C++");
        report.markdown += python.empty() ? "| benchmark (median) | C++ |\n|---|---|\n"
                           : has_forms    ? "| benchmark (median) | C++ | Python (course's form) | Python / C++ | "
                                            "fastest Python form | fastest / C++ |\n|---|---|---|---|---|---|\n"
                                          : "| benchmark (median) | C++ | Python | Python / C++ |\n|---|---|---|---|\n";
        if (!python.empty()) report.text += fmt::format("  {:>12}  {:>12}", "Python", "Python / C++");
        if (has_forms) report.text += fmt::format("  {:>28}  {:>13}", "fastest Python form", "fastest / C++");
        report.text += "\n";
        for (const auto& m : cpp) {
            report.text += fmt::format("{:<{}}  {:>12}", m.name, width, human(m.seconds));
            report.markdown += fmt::format("| `{}` | {} |", m.name, human(m.seconds));
            if (auto p = python.find(m.name); p != python.end()) {
                report.text += fmt::format("  {:>12}  {:>11.1f}x", human(p->second), p->second / m.seconds);
                report.markdown += fmt::format(" {} | {:.1f}x |", human(p->second), p->second / m.seconds);
            } else if (!python.empty()) {
                report.text += fmt::format("  {:>12}  {:>12}", "", "");
                report.markdown += "  |  |";
            }
            if (has_forms) {
                if (const auto fastest = fastest_python_form(python, m.name)) {
                    const std::string form = fastest->form.empty() ? "course's" : fastest->form;
                    report.text += fmt::format("  {:>28}  {:>12.1f}x", human(fastest->seconds) + " (" + form + ")",
                                               fastest->seconds / m.seconds);
                    report.markdown += fmt::format(" {} ({}) | {:.1f}x |", human(fastest->seconds), form,
                                                   fastest->seconds / m.seconds);
                } else {
                    report.markdown += "  |  |";
                }
            }
            report.text += "\n";
            report.markdown += "\n";
        }

        // The second run with another setting, benchmark by benchmark.
        if (!also.empty()) {
            report.line("");
            report.text +=
                fmt::format("The same program run again with {} (above: the launcher's own settings):\n", also_label);
            report.markdown += fmt::format(
                "The same program run again with `{0}` (above: the launcher's own settings):\n\n| benchmark (median) | "
                "as above | with {0} | with {0} / as "
                "above |\n|---|---|---|---|\n",
                also_label);
            for (const auto& m : cpp) {
                const auto other = also.find(m.name);
                if (other == also.end()) continue;
                report.text += fmt::format("{:<{}}  {:>12}  {:>12}  {:>11.2f}x\n", m.name, width, human(m.seconds),
                                           human(other->second), other->second / m.seconds);
                report.markdown += fmt::format("| `{}` | {} | {} | {:.2f}x |\n", m.name, human(m.seconds),
                                               human(other->second), other->second / m.seconds);
            }
        }

        // Thread sweeps: each against its own 1-thread run.
        const auto sweeps = thread_sweeps(cpp);
        const int usable = workbook::usable_cpus();
        workbook::plot::LineFigure figure{name + ": speedup against 1 thread", "threads", "speedup", false, false, {}};
        figure.key = "top left";  // speedups rise to the right: the top left is free
        int most_threads = 1;
        for (const auto& sweep : sweeps) {
            const auto& serial = serial_point(sweep);
            report.line("");
            report.text += fmt::format("{}: speedup and efficiency against 1 thread ({} usable cores here)\n",
                                       sweep.family, usable);
            report.markdown += fmt::format(
                "`{}` against 1 thread ({} usable cores here):\n\n| threads | time | speedup | efficiency |\n"
                "|---|---|---|---|\n",
                sweep.family, usable);
            workbook::plot::Series curve{sweep.family, {}, {}};
            for (const auto& point : sweep.points) {
                const int threads = point.threads;
                const double seconds = point.seconds, speedup = speedup_of(point, serial);
                const std::string over = threads > usable ? " (oversubscribed: more threads than cores)" : "";
                report.text += fmt::format("  {:>4} threads  {:>10}  speedup {:5.2f}  efficiency {:4.0f}%{}\n", threads,
                                           human(seconds), speedup, 100 * speedup / threads, over);
                report.markdown +=
                    fmt::format("| {}{} | {} | {:.2f} | {:.0f}% |\n", threads, over.empty() ? "" : " (oversubscribed)",
                                human(seconds), speedup, 100 * speedup / threads);
                curve.x.push_back(threads);
                curve.y.push_back(speedup);
                most_threads = std::max(most_threads, threads);
            }
            figure.series.push_back(curve);
        }
        // Achieved against the machine's measured limit: a benchmark that counts its flops on
        // T threads against BM_peak on T threads (every thread doing only FMAs, lesson 08).
        static const std::regex threads_of("threads:([0-9]+)");
        std::map<std::string, double> peak;  // "threads:T" -> flops
        for (const auto& m : cpp) {
            std::smatch match;
            if (m.name.starts_with("BM_peak/") && m.flops > 0 && std::regex_search(m.name, match, threads_of))
                peak[match[0].str()] = m.flops;
        }
        bool limit_header = false;
        for (const auto& m : cpp) {
            std::smatch match;
            if (m.name.starts_with("BM_peak/") || m.flops <= 0 || !std::regex_search(m.name, match, threads_of))
                continue;
            const auto limit = peak.find(match[0].str());
            if (limit == peak.end()) continue;
            if (!limit_header) {
                report.line("");
                report.text += "Against the machine's measured peak (BM_peak: every thread doing only FMAs):\n";
                report.markdown +=
                    "Against the machine's measured peak (`BM_peak`: every thread doing only FMAs):\n\n"
                    "| benchmark | achieved | peak on as many threads | share |\n|---|---|---|---|\n";
                limit_header = true;
            }
            report.text += fmt::format("  {:<{}}  {:8.1f} GFLOP/s  of {:8.1f}: {:3.0f}%\n", m.name, width,
                                       m.flops * 1e-9, limit->second * 1e-9, 100 * m.flops / limit->second);
            report.markdown += fmt::format("| `{}` | {:.1f} GFLOP/s | {:.1f} GFLOP/s | {:.0f}% |\n", m.name,
                                           m.flops * 1e-9, limit->second * 1e-9, 100 * m.flops / limit->second);
        }

        // C++ beside its Python peer, where both measured the same benchmark: bars on a log scale.
        workbook::plot::BarFigure bars{name + ": C++ and its Python peer (median, log scale)",
                                       "seconds (per item where items are counted)",
                                       true,
                                       {},
                                       {{"C++", {}, {}}, {"Python (course's form)", {}, {}}}};
        if (has_forms) bars.bars.push_back({"fastest Python form", {}, {}});
        for (const auto& m : cpp) {
            const auto p = python.find(m.name);
            const auto fastest = fastest_python_form(python, m.name);
            if (!fastest) continue;
            bars.categories.push_back(m.name);
            bars.bars[0].y.push_back(m.seconds);
            // No course's form (a benchmark only numpy runs): no bar.
            bars.bars[1].y.push_back(p != python.end() ? p->second : std::nan(""));
            if (has_forms) bars.bars[2].y.push_back(fastest->seconds);
        }
        if (!bars.categories.empty() && !plots.empty()) {
            const auto written = workbook::plot::bar_chart(bars, plots, name + ".python");
            if (written.drawn) report.markdown += fmt::format("\n![{0}: C++ and Python]({0}.python.svg)\n", name);
        }

        // A ladder: one operation done by steps that each improve on the last
        // (BM_ladder_1_naive ... BM_ladder_5_eigen): comparable rungs, drawn as bars.
        static const std::regex rung("^(BM_[A-Za-z]+)_[0-9]+_");
        workbook::plot::BarFigure ladder{
            name + ": the ladder, step by step (median, log scale)", "seconds", true, {}, {{"C++", {}, {}}}};
        for (const auto& m : cpp) {
            if (std::smatch match; std::regex_search(m.name, match, rung)) {
                ladder.categories.push_back(m.name);
                ladder.bars[0].y.push_back(m.seconds);
            }
        }
        if (ladder.categories.size() > 1 && !plots.empty()) {
            const auto written = workbook::plot::bar_chart(ladder, plots, name + ".ladder");
            if (written.drawn) report.markdown += fmt::format("\n![{0}: the ladder]({0}.ladder.svg)\n", name);
        }

        // Which BLAS each side ran on: a peer on the reference BLAS is a straw man.
        const std::string peer_blas_kind = python_context.value("blas_kind", "");
        if (cpp_context.contains("blas") || python_context.contains("blas")) report.line("");
        if (cpp_context.contains("blas"))
            report.line(fmt::format("The C++ `_openblas` benchmarks ran on: {}", cpp_context.value("blas", "")));
        if (python_context.contains("blas"))
            report.line(fmt::format("The Python peer's numpy ran on: {}", python_context.value("blas", "")));
        if (peer_blas_kind == "reference") {
            report.line(
                "The Python peer ran on the REFERENCE BLAS (plain loops, one thread): no numpy user computes on it "
                "on purpose, so its figures flatter the C++. As root, `./workbook setup` installs OpenBLAS for it "
                "(libopenblas0-pthread); its targets below are not judged.");
        }
        if (!targets.empty()) judge_targets(targets, targets_file, cpp, python, peer_blas_kind, report);

        std::optional<std::string> picture;
        if (!figure.series.empty()) {
            figure.series.push_back(
                {"ideal", {1.0, static_cast<double>(most_threads)}, {1.0, static_cast<double>(most_threads)}});
            if (!plots.empty()) {
                const auto written = workbook::plot::line_plot(figure, plots, name + ".speedup");
                report.markdown +=
                    written.drawn ? fmt::format("\n![{0} speedup]({0}.speedup.svg)\n", name)
                                  : fmt::format("\n(no gnuplot: `{}` in this folder draws the plot)\n", written.render);
            }
            if (terminal) picture = workbook::plot::terminal_plot(figure);
        }
        fmt::print("{}", report.text);
        if (picture) fmt::print("{}", *picture);
        if (!markdown.empty()) {
            std::ofstream out(markdown, std::ios::app);
            out << report.markdown << "\n";
            if (!out.flush()) throw std::runtime_error("cannot write " + markdown);
        }
    });
}
