/// @file bench_report.cpp
/// @brief wb_bench_report: prints a lesson's benchmark medians side by side with its
/// Python peer's, and each C++ benchmark against the lesson's first (its baseline).
///
/// Times are per iteration, or per item where the benchmark counts items
/// (items_per_second). Both inputs are Google Benchmark JSON (the Python peers write the same shape):
/// {"benchmarks": [{"run_name": "BM_x", "aggregate_name": "median", "real_time": 1.5,
///                  "time_unit": "us"}, ...]}
#include <workbook/cli.hpp>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace {

struct Median {
    std::string name;
    double seconds;
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
            medians.push_back({name, seconds});
        }
    }
    return medians;
}

std::string human(double seconds) {
    if (seconds < 1e-6) return fmt::format("{:.1f} ns", seconds * 1e9);
    if (seconds < 1e-3) return fmt::format("{:.2f} us", seconds * 1e6);
    if (seconds < 1.0) return fmt::format("{:.2f} ms", seconds * 1e3);
    return fmt::format("{:.3f} s", seconds);
}

}  // namespace

int main(int argc, char** argv) {
    const char* const usage =
        "usage: wb_bench_report CPP.json [PYTHON.json]: a benchmark's medians, beside its Python peer's\n";
    if (argc == 2 && (std::string_view(argv[1]) == "--help" || std::string_view(argv[1]) == "-h")) {
        fmt::print("{}", usage);
        return 0;
    }
    if (argc < 2 || argc > 3 || argv[1][0] == '-' || (argc == 3 && argv[2][0] == '-')) {
        fmt::print(stderr, "{}", usage);
        return 2;
    }
    try {
        const auto cpp = read_medians(argv[1]);
        std::map<std::string, double> python;
        if (argc == 3) {
            for (const auto& m : read_medians(argv[2])) python[m.name] = m.seconds;
        }
        if (cpp.empty()) throw std::runtime_error("no benchmarks in " + std::string(argv[1]));
        std::size_t width = 12;
        for (const auto& m : cpp) width = std::max(width, m.name.size());

        fmt::print("{:<{}}  {:>12}", "benchmark (median)", width, "C++");
        if (!python.empty()) fmt::print("  {:>12}  {:>12}", "Python", "Python / C++");
        fmt::print("\n");
        for (const auto& m : cpp) {
            fmt::print("{:<{}}  {:>12}", m.name, width, human(m.seconds));
            if (auto p = python.find(m.name); p != python.end()) {
                fmt::print("  {:>12}  {:>11.1f}x", human(p->second), p->second / m.seconds);
            }
            fmt::print("\n");
        }
        if (cpp.size() > 1) {
            fmt::print("\nWithin C++, against {} (the first benchmark):\n", cpp.front().name);
            for (std::size_t k = 1; k < cpp.size(); ++k) {
                const double ratio = cpp.front().seconds / cpp[k].seconds;
                fmt::print("  {:<{}}  {:.2f}x {}\n", cpp[k].name, width, ratio >= 1 ? ratio : 1 / ratio,
                           ratio >= 1 ? "faster" : "slower");
            }
        }
    } catch (const std::exception& error) {
        if (std::ferror(stdout)) return 1;  // said once, by the check at exit
        fmt::print(stderr, "wb_bench_report: {}\n", workbook::printable(error.what()));
        return 2;
    }
    return 0;
}
