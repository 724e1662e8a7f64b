/// @file grade.cpp
/// @brief wb_grade: grades one exercise by running the solution and the student's program
/// with the same arguments and comparing their outputs under the exercise's rules.
///
/// Exit codes: 0 the program passes (or, with --expect-fail, is rejected as it should be),
/// 1 it fails (or a known-wrong variant passed), 2 the grader itself could not work
/// (bad options, the solution failed).
#include "compare.hpp"
#include "process.hpp"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <sys/prctl.h>
#include <sys/utsname.h>
#include <sys/wait.h>

namespace fs = std::filesystem;

namespace {

struct Options {
    std::string name, expected, actual, actual_tsan, source, hints, status_file, launcher;
    bool actual_is_tsan = false, expect_fail = false, unordered = false, stub = false;
    std::vector<std::string> runs, masks;
    double abs_tol = 0.0, rel_tol = 0.0;
    int timeout_s = 20;
};

/// One argument set: "OMP_NUM_THREADS=2 --n 10 --threads 2" -> env and arguments;
/// "ranks=3 --n 10": an MPI program, started by the launcher on 3 ranks.
struct Run {
    int ranks = 0;  // 0: not an MPI run
    std::vector<std::pair<std::string, std::string>> env;
    std::vector<std::string> args;
    std::string shown;  // as a student would type it
};

Run parse_run(const std::string& line, const std::string& program) {
    Run run;
    // "<no arguments>": the program run bare (CTest drops an empty argument).
    std::istringstream words(line == "<no arguments>" ? std::string() : line);
    std::string word;
    std::vector<std::string> env_words;
    while (words >> word) {
        const auto eq = word.find('=');
        if (run.args.empty() && word.starts_with("ranks=")) {
            run.ranks = std::stoi(word.substr(6));
        } else if (run.args.empty() && eq != std::string::npos && eq > 0 && word[0] != '-') {
            run.env.emplace_back(word.substr(0, eq), word.substr(eq + 1));
            env_words.push_back(word);
        } else {
            run.args.push_back(word);
        }
    }
    run.shown = fs::path(program).filename().string();
    if (run.ranks > 0) run.shown = fmt::format("mpiexec -n {} {}", run.ranks, run.shown);
    for (const auto& a : run.args) run.shown += " " + a;
    if (!env_words.empty()) {
        run.shown += "   (with";
        for (const auto& e : env_words) run.shown += " " + e;
        run.shown += ")";
    }
    return run;
}

/// The "## name" section of hints.md, up to the next "## " heading.
std::string read_hint(const std::string& path, const std::string& exercise) {
    std::ifstream in(path);
    std::string line, hint;
    bool inside = false;
    while (std::getline(in, line)) {
        if (line.starts_with("## ")) {
            if (inside) break;
            inside = line == "## " + exercise;
            continue;
        }
        if (inside) hint += "  " + line + "\n";
    }
    while (hint.size() > 1 && hint.ends_with("\n\n")) hint.pop_back();
    return hint;
}

/// ThreadSanitizer from g++ 12 aborts with "unexpected memory mapping" where the kernel's
/// mmap_rnd_bits is 32 (Ubuntu 23.10 and later); `setarch -R` avoids it without root.
bool tsan_needs_setarch() {
    std::ifstream bits("/proc/sys/vm/mmap_rnd_bits");
    int value = 0;
    return (bits >> value) && value > 28;
}

grader::Invocation invocation(const std::string& program, const Run& run, bool tsan, int timeout_s,
                              const std::string& launcher) {
    grader::Invocation inv{program, run.args, run.env, std::chrono::seconds(timeout_s)};
    if (run.ranks > 0) {
        // wb_mpiexec RANKS PROGRAM ARGS...: the launcher the build was configured with.
        inv.args.insert(inv.args.begin(), {std::to_string(run.ranks), program});
        inv.program = launcher;
        return inv;
    }
    if (tsan) {
        inv.env.emplace_back("TSAN_OPTIONS", "halt_on_error=1 exitcode=66 second_deadlock_stack=1");
        if (tsan_needs_setarch()) {
            utsname machine{};
            uname(&machine);
            inv.args.insert(inv.args.begin(), {machine.machine, "-R", program});
            inv.program = "setarch";
        }
    }
    return inv;
}

std::string indent(const std::string& text, const std::string& by = "    ") {
    std::string result;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) result += by + line + "\n";
    return result;
}

/// The last `count` lines of a program's stderr, to show beside a crash.
std::string tail(const std::string& text, std::size_t count) {
    std::size_t pos = text.size();
    for (std::size_t k = 0; k <= count && pos > 0; ++k) {
        pos = text.rfind('\n', pos - 1);
        if (pos == std::string::npos) return text;
    }
    return text.substr(pos + 1);
}

/// The ThreadSanitizer report, from its WARNING line, shortened.
std::string tsan_report(const std::string& err) {
    const auto start = err.find("WARNING: ThreadSanitizer:");
    if (start == std::string::npos) return "";
    std::istringstream lines(err.substr(start));
    std::string line, report;
    for (int k = 0; k < 14 && std::getline(lines, line); ++k) report += line + "\n";
    return report;
}

/// Collects every child that has ended; run_program() has already killed the rest.
void reap_orphans() {
    while (waitpid(-1, nullptr, WNOHANG) > 0) {
    }
}

/// Runs one program for grading and leaves no child of it behind.
grader::Outcome run_and_reap(const grader::Invocation& inv) {
    auto outcome = grader::run_program(inv);
    reap_orphans();
    return outcome;
}

/// Why `actual` does not pass against `expected`, or nothing when it does. The first line
/// is the reason in words; the rest (diff, stderr) are details.
std::optional<std::string> judge(const grader::Outcome& expected, const grader::Outcome& actual,
                                 const grader::Rules& rules, bool tsan, int timeout_s) {
    const auto timeout = std::chrono::seconds(timeout_s);
    if (!actual.started) {
        if (actual.start_error.find("No such file") != std::string::npos) {
            return "your program was not built: see the compiler's errors above\n";
        }
        return "your program could not be started: " + actual.start_error + "\n";
    }
    if (actual.timed_out) return grader::describe(actual, timeout) + "\n";
    if (tsan) {
        const auto report = tsan_report(actual.err);
        if (!report.empty()) return "ThreadSanitizer found a data race:\n" + indent(report);
    }
    if (actual.status != expected.status) {
        std::string why = "your program " + grader::describe(actual, timeout);
        if (WIFEXITED(actual.status) && WIFEXITED(expected.status) && WEXITSTATUS(expected.status) != 0) {
            why += fmt::format(" (the solution exits with code {} here)", WEXITSTATUS(expected.status));
        }
        why += "\n";
        if (!actual.err.empty()) why += "  its last error output:\n" + indent(tail(actual.err, 8));
        return why;
    }
    if (actual.truncated) return fmt::format("your program printed more than {} MiB\n", grader::max_output >> 20);
    auto comparison = grader::compare(expected.out, actual.out, rules);
    if (!comparison.same) {
        std::string why = "your output differs from the solution's:\n" + indent(comparison.diff);
        if (!actual.err.empty()) why += "  your program also wrote to stderr:\n" + indent(tail(actual.err, 6));
        return why;
    }
    return std::nullopt;
}

std::string describe_rules(const Options& o) {
    std::string text = o.unordered ? "lines in any order" : "lines compared exactly";
    if (o.abs_tol > 0 || o.rel_tol > 0) text += fmt::format(", numbers within abs {:g} / rel {:g}", o.abs_tol, o.rel_tol);
    if (!o.masks.empty()) {
        text += ", masked:";
        for (const auto& m : o.masks) text += " " + m;
    }
    return text;
}

void write_status(const std::string& path, bool passed) {
    if (path.empty()) return;
    std::error_code ignored;
    fs::create_directories(fs::path(path).parent_path(), ignored);
    std::ofstream(path) << (passed ? "pass\n" : "fail\n");
}

/// Exit code CTest counts as "skipped" for the stub check (SKIP_RETURN_CODE).
constexpr int skipped = 77;

/// Whether git says `source` differs from the committed version: then the "stub" is a
/// student's work in progress, and checking that it fails would be wrong.
bool edited_since_commit(const std::string& source) {
    const auto dir = fs::path(source).parent_path().string();
    const auto diff = grader::run_program({"git", {"-C", dir, "diff", "--quiet", "HEAD", "--", source}, {}, std::chrono::seconds(20)});
    return diff.started && WIFEXITED(diff.status) && WEXITSTATUS(diff.status) == 1;
}

int grade(const Options& o) {
    if (o.stub && edited_since_commit(o.source)) {
        fmt::print("{} has been edited since it was committed: it is no longer the untouched stub, "
                   "so it is not checked to fail\n", o.source);
        return skipped;
    }
    grader::Rules rules;
    rules.unordered = o.unordered;
    rules.abs_tol = o.abs_tol;
    rules.rel_tol = o.rel_tol;
    for (const auto& m : o.masks) rules.masks.push_back(grader::make_mask(m));

    std::vector<Run> runs;
    for (const auto& r : o.runs) runs.push_back(parse_run(r, o.actual));
    if (runs.empty()) runs.push_back(parse_run("", o.actual));

    struct Variant { std::string program; bool tsan; };
    std::vector<Variant> variants{{o.actual, o.actual_is_tsan}};
    if (!o.actual_tsan.empty()) variants.push_back({o.actual_tsan, true});

    const std::string exercise = o.name.substr(o.name.find('.') + 1);
    const auto source_at = o.source.find("/exercises/");
    fmt::print("Grading {} ({})\n", o.name, source_at == std::string::npos ? o.source : o.source.substr(source_at + 1));
    fmt::print("  against the solution, {} run{}{}: {}\n", runs.size(), runs.size() == 1 ? "" : "s",
               variants.size() > 1 ? " (and again under ThreadSanitizer)" : "", describe_rules(o));

    // The solution's output for every run: the expected output. If the solution itself
    // fails, the grader cannot grade: that is the workbook's fault, not the student's.
    std::vector<grader::Outcome> expected;
    for (const auto& run : runs) {
        expected.push_back(run_and_reap(invocation(o.expected, run, false, o.timeout_s, o.launcher)));
        const auto& e = expected.back();
        if (!e.started || e.timed_out || WIFSIGNALED(e.status)) {
            fmt::print(stderr, "wb_grade: the solution failed on '{}': {}\n", run.shown,
                       grader::describe(e, std::chrono::seconds(o.timeout_s)));
            return 2;
        }
    }

    std::size_t failed = 0, total = 0;
    std::string first_reason;
    bool stop = false;
    for (const auto& variant : variants) {
        // ThreadSanitizer only matters once the output is right: a wrong answer is wrong
        // with or without a race, and the sanitized runs are slow.
        if (variant.tsan && !o.actual_is_tsan && failed > 0) {
            fmt::print("  (the runs under ThreadSanitizer come once the output above is right)\n");
            break;
        }
        for (std::size_t k = 0; k < runs.size() && !stop; ++k) {
            ++total;
            const auto actual = run_and_reap(invocation(variant.program, runs[k], variant.tsan, o.timeout_s, o.launcher));
            // A known-wrong variant that was never built proves nothing about the grader.
            if (o.expect_fail && !actual.started) {
                fmt::print(stderr, "wb_grade: {}: {}\n", variant.program, actual.start_error);
                return 2;
            }
            const auto why = judge(expected[k], actual, rules, variant.tsan, o.timeout_s);
            const std::string label = fmt::format("run {}/{}{}: {}", k + 1, runs.size(),
                                                  variant.tsan ? " under ThreadSanitizer" : "", runs[k].shown);
            if (!why) {
                fmt::print("  [ok]   {}\n", label);
                continue;
            }
            ++failed;
            std::string reason = why->substr(0, why->find('\n'));
            if (reason.ends_with(':')) reason.pop_back();
            fmt::print("  [FAIL] {}\n", label);
            if (first_reason.empty()) {
                first_reason = reason;
                fmt::print("{}", indent(*why, "         "));
            } else {
                fmt::print("         {}\n", reason);
            }
            // A deadlock costs a whole timeout per run, and a known-wrong variant is
            // settled by its first failure: stop there.
            stop = actual.timed_out || o.expect_fail;
        }
    }
    if (stop && total < runs.size() * variants.size() && !o.expect_fail) fmt::print("  (remaining runs skipped)\n");

    if (o.expect_fail) {
        if (failed > 0) {
            fmt::print("OK: the grader rejects this known-wrong variant ({})\n", first_reason);
            return 0;
        }
        fmt::print("NOT REJECTED: this known-wrong variant passed every run; the grader cannot tell it "
                   "from the solution\n");
        return 1;
    }
    write_status(o.status_file, failed == 0);
    if (failed == 0) {
        fmt::print("PASS {}: all {} runs match the solution\n", o.name, total);
        return 0;
    }
    fmt::print("FAIL {}: {} of {} runs do not match the solution\n", o.name, failed, total);
    const auto hint = read_hint(o.hints, exercise);
    // Shown from the workbook's top folder, as the student would open it.
    const auto shown = o.hints.find("/exercises/");
    if (!hint.empty()) {
        fmt::print("\nHint ({}):\n{}\n", shown == std::string::npos ? o.hints : o.hints.substr(shown + 1), hint);
    }
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    // Orphans of a graded program (children of a child the grader killed) come to the
    // grader instead of to init, and reap_orphans() collects them: no zombies linger.
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    Options o;
    CLI::App app{"wb_grade: grade an exercise against its solution (see cmake/Workbook.cmake)."};
    app.add_option("--name", o.name, "NN_topic.exercise")->required();
    app.add_option("--expected", o.expected, "the solution program")->required();
    app.add_option("--actual", o.actual, "the program being graded")->required();
    app.add_option("--actual-tsan", o.actual_tsan, "its ThreadSanitizer build, run as well");
    app.add_flag("--actual-is-tsan", o.actual_is_tsan, "the graded program is itself a ThreadSanitizer build");
    app.add_option("--source", o.source, "the graded source file, for the report");
    app.add_option("--hints", o.hints, "hints.md with a '## exercise' section");
    app.add_option("--run", o.runs, "one argument set, leading NAME=VALUE words set the environment");
    app.add_option("--launcher", o.launcher, "starts the 'ranks=N' runs: LAUNCHER N PROGRAM ARGS (wb_mpiexec)");
    app.add_flag("--unordered", o.unordered, "compare lines in any order");
    app.add_option("--mask", o.masks, "pid, tid, time, hex or regex:RE");
    app.add_option("--abs-tol", o.abs_tol, "absolute tolerance for numbers")->check(CLI::NonNegativeNumber);
    app.add_option("--rel-tol", o.rel_tol, "relative tolerance for numbers")->check(CLI::NonNegativeNumber);
    app.add_option("--timeout", o.timeout_s, "seconds per run")->check(CLI::Range(1, 3600));
    app.add_flag("--expect-fail", o.expect_fail, "a known-wrong variant: passing means it was rejected");
    app.add_flag("--stub", o.stub, "the untouched stub: skipped (exit 77) if git says it was edited");
    app.add_option("--status-file", o.status_file, "where to record pass/fail for ./workbook list");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        if (error.get_exit_code() == 0) return app.exit(error);
        fmt::print(stderr, "wb_grade: {}\n", error.what());
        return 2;
    }
    try {
        return grade(o);
    } catch (const std::exception& error) {
        fmt::print(stderr, "wb_grade: {}\n", error.what());
        return 2;
    }
}
