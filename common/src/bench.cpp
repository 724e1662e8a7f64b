#include "workbook/bench.hpp"

#include "workbook/cli.hpp"
#include "workbook/hardware.hpp"

#include <benchmark/benchmark.h>
#include <fmt/core.h>

#include <unistd.h>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace workbook {

void sweep_usable_cpus(benchmark::internal::Benchmark* benchmark) {
    benchmark->ArgName("threads");
    for (const int threads : thread_sweep()) benchmark->Arg(threads);
}

namespace {

// Google Benchmark 1.8 and later take --benchmark_min_time as text ("0.5s" seconds, "100x"
// iterations) and check it only when the first benchmark runs, by aborting the program
// (SIGABRT, 36 lines). Checked here instead: a positive number, with "s", "x" (a whole
// number then) or, as 1.7 reads it, no unit.
bool is_min_time(std::string_view value) {
    if (value.empty()) return false;
    const std::string text(value);
    char* end = nullptr;
    const double number = std::strtod(text.c_str(), &end);
    const std::string_view unit(end);
    if (end == text.c_str() || !std::isfinite(number) || number <= 0 ||
        !std::isdigit(static_cast<unsigned char>(text[0])))
        return false;
    if (unit == "x") return number == std::floor(number) && number < 1e12;
    return unit.empty() || unit == "s";
}

}  // namespace

void init_benchmarks(int& argc, char** argv, std::string_view about) {
    if (argc > 0) set_program_name(argv[0]);
    for (int k = 1; k < argc; ++k) {
        const std::string_view arg = argv[k];
        if (arg != "--help" && arg != "-h") continue;
        if (exit_policy().speaks) {
            if (about.empty()) {
                fmt::print(
                    "{}: a Google Benchmark program of the workbook; `./workbook bench` runs it beside its\n"
                    "Python peer.\n",
                    program_name());
            } else {
                fmt::print("{}\n", about);
            }
            fmt::print("Its options are Google Benchmark's:\n\n");
            std::fflush(stdout);
            benchmark::PrintDefaultHelp();
        }
        exit_program(0);
    }
    if (const auto problem = check_openmp_environment(); !problem.empty()) usage_error(problem);
    constexpr std::string_view min_time_flag = "--benchmark_min_time=";
    for (int k = 1; k < argc; ++k) {
        const std::string_view arg = argv[k];
        if (arg.substr(0, min_time_flag.size()) != min_time_flag) continue;
        const auto value = arg.substr(min_time_flag.size());
        if (!is_min_time(value))
            usage_error(
                fmt::format("--benchmark_min_time={} is not a time such as 0.5s, or a count of iterations such as 100x",
                            quoted(value)));
    }
    // Google Benchmark reports a bad value on stderr in its own words and then again as an
    // unknown flag: keep its words, make them one line of ours.
    std::FILE* said = std::tmpfile();
    const int saved_stderr = dup(STDERR_FILENO);
    if (said != nullptr && saved_stderr >= 0) dup2(fileno(said), STDERR_FILENO);
    benchmark::Initialize(&argc, argv);
    std::string words;
    if (said != nullptr && saved_stderr >= 0) {
        std::fflush(stderr);
        dup2(saved_stderr, STDERR_FILENO);
        close(saved_stderr);
        std::rewind(said);
        char buffer[4096];
        std::size_t got = 0;
        while ((got = std::fread(buffer, 1, sizeof buffer, said)) > 0) words.append(buffer, got);
        std::fclose(said);
    }
    if (argc > 1) {
        const auto first_line = words.substr(0, words.find('\n'));
        usage_error(words.empty() ? fmt::format("unknown option {}", quoted(argv[1])) : first_line);
    }
    std::fputs(words.c_str(), stderr);
}

}  // namespace workbook
