/// @file grade.cpp
/// @brief wb_grade: grades one exercise by running the solution and the student's program
/// with the same arguments and comparing their outputs under the exercise's rules.
///
/// Exit codes: 0 the program passes (or, with --expect-fail, is rejected as it should be),
/// 1 it fails (or a known-wrong variant passed), 2 the grader itself could not work
/// (bad options, the solution failed).
#include "compare.hpp"
#include "hints.hpp"
#include "run_program.hpp"
#include "runs.hpp"

#include <workbook/cli.hpp>
#include <workbook/files.hpp>

#include <fmt/core.h>
#include <fmt/ranges.h>
#include <CLI/CLI.hpp>

#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <variant>

namespace fs = std::filesystem;
using grader::Run;

namespace {

struct Options {
    std::string name, expected, actual, actual_tsan, source, hints, status_file, launcher, root, build_log, rules;
    std::string gpu_probe;
    bool actual_is_tsan = false, expect_fail = false, stub = false, threads_in_environment = false, needs_gpu = false;
    std::vector<std::string> dropped_settings;  ///< the student's OpenMP settings, left out of every run
    std::vector<std::string> runs;
    std::vector<int> ranks, threads;
    int timeout_s = 20;
};

/// A path as the student types it in the workbook's top folder (where every command of
/// the lesson texts runs): relative to `root` when it lies below it.
std::string shown_path(const std::string& path, const std::string& root) {
    if (root.empty()) return path;
    const auto relative = fs::path(path).lexically_relative(root);
    if (relative.empty() || relative.string().starts_with("..")) return path;
    return relative.string();
}

/// A word quoted for a POSIX shell where it needs to be.
std::string shell_word(const std::string& word) {
    if (!word.empty() &&
        word.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-+=./:,%@") ==
            std::string::npos) {
        return word;
    }
    std::string quoted = "'";
    for (const char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

/// The run as a command a student can paste into a shell in the workbook's top folder, as
/// root or not: MPI runs through the build's launcher (bin/wb_mpiexec), which adds what
/// Open MPI needs on a laptop or as root.
std::string shown_command(const std::string& program, const Run& run, const std::string& launcher,
                          const std::string& root) {
    std::string command;
    for (const auto& [name, value] : run.env) command += name + "=" + shell_word(value) + " ";
    if (run.ranks > 0) command += fmt::format("{} {} ", shown_path(launcher, root), run.ranks);
    command += shown_path(program, root);
    // A file of the workbook named by its absolute path (a data table) is shown as the
    // student types it from the top folder, like the program.
    for (const auto& a : run.args) command += " " + shell_word(a.starts_with('/') ? shown_path(a, root) : a);
    return command;
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
    while (waitpid(-1, nullptr, WNOHANG) > 0) {}
}

/// Runs one program for grading and leaves no child of it behind.
grader::Outcome run_and_reap(const grader::Invocation& inv) {
    auto outcome = grader::run_program(inv);
    reap_orphans();
    return outcome;
}

/// Seconds as a student reads them: "0.03 s", "10.2 s".
std::string seconds(std::chrono::milliseconds time) {
    return fmt::format("{:.{}f} s", std::chrono::duration<double>(time).count(), time.count() < 1000 ? 2 : 1);
}

/// The last lines a program printed, stdout then stderr, for a report of a run that hung
/// or crashed: where it stopped is usually the bug.
std::string last_output(const grader::Outcome& outcome, std::size_t lines) {
    std::string text;
    if (!outcome.out.empty()) text += "  its last output:\n" + indent(tail(outcome.out, lines));
    if (!outcome.err.empty()) text += "  its last error output:\n" + indent(tail(outcome.err, lines));
    if (text.empty()) text = "  it printed nothing\n";
    return text;
}

/// Why `actual` does not pass against `expected`, or nothing when it does. The first line
/// is the reason in words; the rest (diff, output) are details.
std::optional<std::string> judge(const grader::Outcome& expected, const grader::Outcome& actual,
                                 const grader::Rules& rules, bool tsan, int timeout_s) {
    const auto timeout = std::chrono::seconds(timeout_s);
    if (!actual.started) return "your program could not be started: " + actual.start_error + "\n";
    if (actual.timed_out) return grader::describe(actual, timeout) + "\n" + last_output(actual, 10);
    if (tsan) {
        const auto report = tsan_report(actual.err);
        if (!report.empty()) return "ThreadSanitizer found a data race:\n" + indent(report);
    }
    if (actual.status != expected.status) {
        std::string why = "your program " + grader::describe(actual, timeout);
        if (WIFEXITED(actual.status) && WIFEXITED(expected.status) && WEXITSTATUS(expected.status) != 0) {
            why += fmt::format(" (the solution exits with code {} here)", WEXITSTATUS(expected.status));
        }
        return why + "\n" + last_output(actual, 8);
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

/// A run far slower than the solution's is worth a word even when its output is right: a
/// patience read as seconds instead of milliseconds looks correct but costs 10 s.
std::string slowness(const grader::Outcome& expected, const grader::Outcome& actual) {
    if (!actual.started || actual.timed_out) return "";
    const auto limit = std::max<std::chrono::milliseconds>(std::chrono::seconds(2), expected.elapsed * 10);
    if (actual.elapsed <= limit) return "";
    return fmt::format("this run took {}, the solution's {}", seconds(actual.elapsed), seconds(expected.elapsed));
}

/// What `./workbook list` reads: the verdict, and beside it the source as it was graded,
/// so that list can tell "done" from "changed since last check". Written to a temporary
/// file and renamed: never half a status. A second line says what the verdict could not
/// see ("mapping not checked": an offload exercise graded without a GPU).
void write_status(const Options& o, const std::string& verdict) {
    if (o.status_file.empty()) return;
    std::error_code error;
    fs::create_directories(fs::path(o.status_file).parent_path(), error);  // the progress folder
    if (!o.source.empty() && fs::exists(o.source, error)) {
        std::ostringstream source;
        source << std::ifstream(o.source).rdbuf();
        workbook::write_file(o.status_file + ".source", source.str());
    }
    workbook::write_file(o.status_file, verdict + "\n");
}

/// Exit code CTest counts as "skipped" for the stub check (SKIP_RETURN_CODE).
constexpr int skipped = 77;

/// Whether git says `source` differs from the committed version: then the "stub" is a
/// student's work in progress, and checking that it fails would be wrong.
bool edited_since_commit(const std::string& source) {
    const auto dir = fs::path(source).parent_path().string();
    const auto diff = grader::run_program(
        {"git", {"-C", dir, "diff", "--quiet", "HEAD", "--", source}, {}, std::chrono::seconds(20)});
    return diff.started && WIFEXITED(diff.status) && WEXITSTATUS(diff.status) == 1;
}

/// The first error of a compiler's (or linker's) output with the lines that show where,
/// paths relative to the workbook's top folder.
std::string first_error(const std::string& log_path, const std::string& root) {
    std::ifstream in(log_path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    for (std::size_t k = 0; k < lines.size(); ++k) {
        const auto& line = lines[k];
        const bool error = line.find(": error:") != std::string::npos ||
                           line.find("undefined reference") != std::string::npos ||
                           line.find(": fatal error:") != std::string::npos;
        if (!error) continue;
        std::string text;
        // The compiler's "In function ..." line before it says where, when there is one.
        if (k > 0 && lines[k - 1].find("In function") != std::string::npos) text += lines[k - 1] + "\n";
        text += line + "\n";
        // Then the source line and the caret (" 31 |  ...", "    |   ^~~~").
        for (std::size_t j = k + 1; j < lines.size() && j <= k + 3 && lines[j].find(" | ") != std::string::npos; ++j) {
            text += lines[j] + "\n";
        }
        if (!root.empty()) {
            for (auto at = text.find(root + "/"); at != std::string::npos; at = text.find(root + "/")) {
                text.erase(at, root.size() + 1);
            }
        }
        return text;
    }
    return "";
}

/// Whether the student's program is what their source says now. A program whose last
/// build failed is older than its source (or was removed by the front door): grading it
/// would grade the code before the edit, and a grader that passes code that does not
/// compile is the worst defect a grader can have.
std::optional<std::string> not_built(const std::string& program, const std::string& source) {
    std::error_code error;
    const auto program_time = fs::last_write_time(program, error);
    if (error) return "does not compile (there is no program built from it)";
    if (!source.empty()) {
        const auto source_time = fs::last_write_time(source, error);
        if (!error && source_time > program_time)
            return "does not compile (its program is older than the source: the last build of it failed)";
    }
    return std::nullopt;
}

/// "./workbook hint 05 pi_reduction (hint 2 of 3)": where the next hint is.
std::string next_hint_line(const Options& o, const std::string& exercise, const grader::Hints& hints) {
    int seen = 0;
    if (!o.status_file.empty()) std::ifstream(o.status_file + ".hint") >> seen;
    const int count = static_cast<int>(hints.levels.size());
    if (count == 0) return "";
    const auto command = fmt::format("./workbook hint {} {}", o.name.substr(0, 2), exercise);
    if (seen >= count)
        return fmt::format("You have seen all {} hints: `{} --level {}` shows the code again.\n", count, command,
                           count);
    return fmt::format("Stuck? `{}` gives hint {} of {} (each call the next one; the last one is the code).\n", command,
                       seen + 1, count);
}

/// What a failing student sees after the runs: the "If you see" lines of the hints and
/// the way to the next hint, never the answer itself.
void print_help(const Options& o, const std::string& exercise) {
    if (o.hints.empty()) return;
    try {
        const auto hints = grader::read_hints(o.hints, exercise);
        if (!hints.symptoms.empty()) {
            fmt::print("\nIf you see ({}):\n", shown_path(o.hints, o.root));
            for (const auto& line : hints.symptoms) fmt::print("  - {}\n", line);
        }
        fmt::print("\n{}", next_hint_line(o, exercise, hints));
    } catch (const std::exception& error) { fmt::print("\n(the hints could not be read: {})\n", error.what()); }
}

/// The builds of the graded program: the student's, and its ThreadSanitizer twin where
/// the exercise has one.
struct Variant {
    std::string program;
    bool tsan;
};

std::vector<Variant> graded_variants(const Options& o) {
    std::vector<Variant> variants{{o.actual, o.actual_is_tsan}};
    if (!o.actual_tsan.empty()) variants.push_back({o.actual_tsan, true});
    return variants;
}

/// A program that does not compile is a result of its own, before anything runs: says so
/// with the compiler's first error and returns the exit code; nothing when all were built.
std::optional<int> report_not_built(const Options& o, const std::vector<Variant>& variants, std::size_t planned) {
    const std::string exercise = o.name.substr(o.name.find('.') + 1);
    for (const auto& variant : variants) {
        const auto problem = not_built(variant.program, o.source);
        if (!problem) continue;
        if (o.expect_fail) {
            // A known-wrong variant that was never built proves nothing about the grader.
            fmt::print(stderr, "wb_grade: {}: {}\n", variant.program, *problem);
            return 2;
        }
        fmt::print("  [FAIL] {}\n", *problem);
        const auto error = o.build_log.empty() ? std::string() : first_error(o.build_log, o.root);
        if (!error.empty()) {
            fmt::print("{}", indent(error, "         "));
            fmt::print("  (the compiler's whole output: {})\n", shown_path(o.build_log, o.root));
        } else {
            fmt::print("  (build it to see the compiler's errors: ./workbook check {} {})\n", o.name.substr(0, 2),
                       exercise);
        }
        write_status(o, "nocompile");
        fmt::print("FAIL {}: it does not compile, so none of its {} runs was graded\n", o.name, planned);
        print_help(o, exercise);
        return 1;
    }
    return std::nullopt;
}

/// The solution's output for every run: the expected output. If the solution itself
/// fails, the grader cannot grade: that is the workbook's fault, not the student's, and
/// the exit code says so (2; 130 when stopped).
std::variant<std::vector<grader::Outcome>, int> run_solution(const Options& o, const std::vector<Run>& runs) {
    std::vector<grader::Outcome> expected;
    for (const auto& run : runs) {
        expected.push_back(run_and_reap(invocation(o.expected, run, false, o.timeout_s, o.launcher)));
        const auto& e = expected.back();
        if (e.interrupted || grader::stop_requested()) return 130;
        // Exit codes from 126 up are a shell's or launcher's "could not run it" or a signal
        // death passed on (mpiexec exits 132, 137): never an answer a student must match.
        const bool could_not_run = WIFEXITED(e.status) && WEXITSTATUS(e.status) >= 126;
        if (!e.started || e.timed_out || WIFSIGNALED(e.status) || could_not_run) {
            fmt::print(stderr, "wb_grade: the solution failed on '{}': {}\n",
                       shown_command(o.expected, run, o.launcher, o.root),
                       grader::describe(e, std::chrono::seconds(o.timeout_s)));
            return 2;
        }
    }
    return expected;
}

/// What the graded runs came to.
struct Tally {
    std::size_t failed = 0, total = 0;
    std::string first_reason;
    bool stopped_early = false;    // stopped on purpose: a hang, a settled mutant, repeats
    int repeats = 0;               // failures that said nothing new
    std::optional<int> exit_code;  // the grading itself could not go on (stopped, not started)
};

/// Runs the graded program on every run, compares each output with the solution's under
/// the rules and prints a line per run; failures that say something new are shown whole.
Tally run_graded(const Options& o, const grader::Rules& rules, const std::vector<Run>& runs,
                 const std::vector<Variant>& variants, const std::vector<grader::Outcome>& expected) {
    Tally tally;
    std::vector<std::string> reasons_shown;
    for (const auto& variant : variants) {
        // ThreadSanitizer only matters once the output is right: a wrong answer is wrong
        // with or without a race, and the sanitized runs are slow.
        if (variant.tsan && !o.actual_is_tsan && tally.failed > 0) {
            fmt::print("  (the runs under ThreadSanitizer come once the output above is right)\n");
            break;
        }
        for (std::size_t k = 0; k < runs.size() && !tally.stopped_early; ++k) {
            ++tally.total;
            const auto actual =
                run_and_reap(invocation(variant.program, runs[k], variant.tsan, o.timeout_s, o.launcher));
            if (actual.interrupted || grader::stop_requested()) {
                fmt::print("  (stopped: nothing recorded)\n");
                tally.exit_code = 130;
                return tally;
            }
            if (o.expect_fail && !actual.started) {
                fmt::print(stderr, "wb_grade: {}: {}\n", variant.program, actual.start_error);
                tally.exit_code = 2;
                return tally;
            }
            const auto why = judge(expected[k], actual, rules, variant.tsan, o.timeout_s);
            const std::string label =
                fmt::format("run {}/{}{}: {}", k + 1, runs.size(), variant.tsan ? " under ThreadSanitizer" : "",
                            shown_command(variant.program, runs[k], o.launcher, o.root));
            const auto slow = slowness(expected[k], actual);
            if (!why) {
                fmt::print("  [ok]   {}\n", label);
                if (!slow.empty()) fmt::print("         (correct, but {})\n", slow);
                continue;
            }
            ++tally.failed;
            std::string reason = why->substr(0, why->find('\n'));
            if (reason.ends_with(':')) reason.pop_back();
            if (tally.first_reason.empty()) tally.first_reason = reason;
            fmt::print("  [FAIL] {}\n", label);
            // Every failure that says something new is shown whole (a crash at 7 threads
            // after a wrong sum at 2 tells a different story); a repeat gets one line.
            const bool crashed = actual.started && !actual.timed_out && WIFSIGNALED(actual.status);
            const bool new_reason =
                std::find(reasons_shown.begin(), reasons_shown.end(), reason) == reasons_shown.end();
            if (new_reason || crashed) {
                fmt::print("{}", indent(*why, "         "));
                reasons_shown.push_back(reason);
            } else {
                fmt::print("         {}\n", reason);
            }
            if (!slow.empty()) fmt::print("         ({})\n", slow);
            // A deadlock costs a whole timeout per run, and a known-wrong variant is
            // settled by its first failure: stop there. So is a program that keeps failing
            // the same way: more of the same would only cost the student time.
            if (!new_reason) ++tally.repeats;
            tally.stopped_early = actual.timed_out || o.expect_fail || tally.repeats >= 3;
        }
    }
    return tally;
}

/// The last line, the status ./workbook list shows, the next hint; returns the exit code.
/// `mapping_unchecked`: an offload exercise graded without a GPU, which a pass must say.
int report_verdict(const Options& o, const Tally& tally, std::size_t planned, bool mapping_unchecked) {
    if (o.expect_fail) {
        if (tally.failed > 0) {
            fmt::print("OK: the grader rejects this known-wrong variant ({})\n", tally.first_reason);
            return 0;
        }
        fmt::print(
            "NOT REJECTED: this known-wrong variant passed every run; the grader cannot tell it "
            "from the solution\n");
        return 1;
    }
    write_status(o,
                 tally.failed == 0 ? "pass" + std::string(mapping_unchecked ? "\nmapping not checked" : "") : "fail");
    if (tally.failed == 0) {
        fmt::print("PASS {}: all {} runs match the solution{}\n", o.name, tally.total,
                   mapping_unchecked
                       ? " (on the host only: its map clauses, and whether it leaves the host, were not checked)"
                       : "");
        return 0;
    }
    std::string not_run;
    if (tally.total < planned) {
        const char* why_not = "the output must be right first";
        if (tally.stopped_early)
            why_not = tally.repeats >= 3 ? "they would fail the same way"
                                         : "a run that hangs would cost the whole timeout again";
        not_run = fmt::format(" ({} more not started: {})", planned - tally.total, why_not);
    }
    fmt::print("FAIL {}: {} of the {} runs tried do not match the solution{}\n", o.name, tally.failed, tally.total,
               not_run);
    print_help(o, o.name.substr(o.name.find('.') + 1));
    return 1;
}

/// Whether a GPU runs the offload exercise's target regions here, as the lesson's probe
/// (`PROBE --require-gpu`) answers: exit 0 yes, 77 no. Anything else: the grader cannot
/// work (exit 2), said once. Without a probe the exercise has nothing to offload.
std::variant<bool, int> gpu_present(const Options& o) {
    if (o.gpu_probe.empty()) return false;
    const auto probe = run_and_reap({o.gpu_probe, {"--require-gpu"}, {}, std::chrono::seconds(60)});
    if (probe.interrupted || grader::stop_requested()) return 130;
    if (probe.started && !probe.timed_out && WIFEXITED(probe.status)) {
        if (WEXITSTATUS(probe.status) == 0) return true;
        if (WEXITSTATUS(probe.status) == skipped) return false;
    }
    fmt::print(stderr, "wb_grade: the GPU probe {} --require-gpu failed: {}\n", o.gpu_probe,
               grader::describe(probe, std::chrono::seconds(60)));
    return 2;
}

/// On a GPU every run is made twice: with the regions on the host (OMP_TARGET_OFFLOAD=
/// DISABLED) and on the device with no way back (MANDATORY). A map clause that copies too
/// little shows only in the second.
std::vector<Run> on_host_and_device(const std::vector<Run>& runs) {
    std::vector<Run> both;
    for (const char* setting : {"DISABLED", "MANDATORY"}) {
        for (Run run : runs) {
            run.env.emplace_back("OMP_TARGET_OFFLOAD", setting);
            both.push_back(std::move(run));
        }
    }
    return both;
}

/// Grades the exercise: each step below either settles the result or hands on to the next.
int grade(const Options& o, const grader::Rules& rules, std::vector<Run> runs) {
    if (o.stub && edited_since_commit(o.source)) {
        fmt::print(
            "{} has been edited since it was committed: it is no longer the untouched stub, "
            "so it is not checked to fail\n",
            o.source);
        return skipped;
    }
    const auto gpu = gpu_present(o);
    if (const int* code = std::get_if<int>(&gpu)) return *code;
    if (o.needs_gpu && !std::get<bool>(gpu)) {
        fmt::print(
            "{}: skipped: this known-wrong variant differs from the solution only on a GPU (in what it maps to the "
            "device, or whether it leaves the host at all), and no GPU runs target regions here\n",
            o.name);
        return skipped;
    }
    if (std::get<bool>(gpu)) runs = on_host_and_device(runs);
    const auto variants = graded_variants(o);
    const std::size_t planned = runs.size() * variants.size();
    fmt::print("Grading {} ({})\n", o.name, shown_path(o.source, o.root));
    if (const auto code = report_not_built(o, variants, planned)) return *code;

    fmt::print("  against the solution, {} run{}{}: {}\n", runs.size(), runs.size() == 1 ? "" : "s",
               variants.size() > 1 ? " (and again under ThreadSanitizer)" : "", grader::describe_rules(rules));
    if (!o.dropped_settings.empty()) {
        fmt::print(
            "  NOTE: graded without your {}: each run gets OpenMP's defaults and the thread count shown with it\n",
            fmt::join(o.dropped_settings, ", "));
    }
    if (std::get<bool>(gpu)) {
        fmt::print(
            "  a GPU is here: each run once on the host (OMP_TARGET_OFFLOAD=DISABLED), once on the device "
            "(MANDATORY)\n");
    } else if (!o.gpu_probe.empty()) {
        fmt::print(
            "  NOTE: no GPU here, so the target regions run on the host, where host and device share memory: a map "
            "clause\n  that copies too little, or a loop that never leaves the host, passes here. The mapping is "
            "not checked;\n  on a GPU node the same check also runs every run on the device.\n");
    }
    const auto expected = run_solution(o, runs);
    if (const int* code = std::get_if<int>(&expected)) return *code;

    const auto tally = run_graded(o, rules, runs, variants, std::get<std::vector<grader::Outcome>>(expected));
    if (tally.exit_code) return *tally.exit_code;
    return report_verdict(o, tally, planned, !o.gpu_probe.empty() && !std::get<bool>(gpu));
}

}  // namespace

/// Takes the OpenMP settings of the student's shell (OMP_SCHEDULE=static,1, a mistyped
/// OMP_PROC_BIND, OMP_NUM_THREADS) out of the environment every graded run inherits: a grade
/// must not depend on the shell it was asked from, and a setting that makes the solution
/// and the stub refuse alike (one line, exit 2) would make their outputs match. Returns
/// them as NAME=VALUE, for the report.
std::vector<std::string> drop_openmp_settings() {
    std::vector<std::string> dropped;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        const std::string_view setting = *entry;
        if (setting.starts_with("OMP_") || setting.starts_with("GOMP_")) dropped.emplace_back(setting);
    }
    for (const auto& setting : dropped) unsetenv(setting.substr(0, setting.find('=')).c_str());
    for (auto& setting : dropped) setting = workbook::printable(setting, 80);
    return dropped;
}

int main(int argc, char** argv) {
    // Orphans of a graded program (children of a child the grader killed) come to the
    // grader instead of to init, and reap_orphans() collects them: no zombies linger.
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    grader::stop_runs_on_signals();
    Options o;
    CLI::App app{"wb_grade: grade an exercise against its solution (see cmake/Workbook.cmake)."};
    app.add_option("--name", o.name, "NN_topic.exercise")->required();
    app.add_option("--expected", o.expected, "the solution program")->required();
    app.add_option("--actual", o.actual, "the program being graded")->required();
    app.add_option("--actual-tsan", o.actual_tsan, "its ThreadSanitizer build, run as well");
    app.add_flag("--actual-is-tsan", o.actual_is_tsan, "the graded program is itself a ThreadSanitizer build");
    app.add_option("--source", o.source, "the graded source file, for the report");
    app.add_option("--hints", o.hints, "hints.md with a '## exercise' section");
    app.add_option("--run", o.runs,
                   "one argument set: [ranks=N] [NAME=VALUE...] ARGS, or <no arguments> (tools/grader/runs.hpp)");
    app.add_option("--ranks", o.ranks, "run every argument set on each of these rank counts (an MPI program)")
        ->check(CLI::Range(1, 4096));
    app.add_option("--threads", o.threads, "and at each of these thread counts (--threads T appended)")
        ->check(CLI::Range(1, 4096));
    app.add_flag("--threads-in-environment", o.threads_in_environment,
                 "give the thread count as OMP_NUM_THREADS=T instead (an OpenMP program)");
    app.add_option("--launcher", o.launcher, "starts the 'ranks=N' runs: LAUNCHER N PROGRAM ARGS (wb_mpiexec)");
    app.add_option("--rules", o.rules,
                   "how outputs are compared, in words: exact (the default), unordered, mask:NAME (pid, tid, time, "
                   "hex, regex:RE), abs=X, rel=X");
    app.add_option("--timeout", o.timeout_s, "seconds per run")->check(CLI::Range(1, 3600));
    app.add_flag("--expect-fail", o.expect_fail, "a known-wrong variant: passing means it was rejected");
    app.add_flag("--stub", o.stub, "the untouched stub: skipped (exit 77) if git says it was edited");
    app.add_option("--status-file", o.status_file, "where to record pass/fail/nocompile for ./workbook list");
    app.add_option("--root", o.root, "the workbook's top folder: commands are shown as typed there");
    app.add_option("--build-log", o.build_log, "the compiler's output of the last build of the graded program");
    app.add_option("--gpu-probe", o.gpu_probe,
                   "an offload exercise: PROBE --require-gpu exits 0 where a GPU runs target regions, 77 where not; "
                   "with a GPU every run is made on the host and on the device");
    app.add_flag("--needs-gpu", o.needs_gpu,
                 "a known-wrong variant only a GPU can reject: skipped (exit 77) where the probe finds none");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        if (error.get_exit_code() == 0) return app.exit(error);
        fmt::print(stderr, "wb_grade: {}\n", workbook::printable(error.what()));
        return 2;
    }
    o.dropped_settings = drop_openmp_settings();
    // Read once, here, and refused before anything runs.
    grader::Rules rules;
    std::vector<Run> runs;
    try {
        rules = grader::parse_rules(o.rules);
    } catch (const std::invalid_argument& error) {
        fmt::print(stderr, "wb_grade: --rules: {}\n", workbook::printable(error.what()));
        return 2;
    }
    try {
        runs = grader::expand_runs(o.runs, o.ranks, o.threads, o.threads_in_environment);
    } catch (const std::invalid_argument& error) {
        fmt::print(stderr, "wb_grade: --run: {}\n", workbook::printable(error.what()));
        return 2;
    }
    try {
        return grade(o, rules, runs);
    } catch (const std::exception& error) {
        if (std::ferror(stdout)) return 1;  // said once, by the check at exit
        fmt::print(stderr, "wb_grade: {}\n", workbook::printable(error.what()));
        return 2;
    }
}
