#include "workbook/cli.hpp"

#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <filesystem>

#include <unistd.h>
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <limits>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

// libgomp's, declared weak: its address is null in a program that does not load libgomp.
extern "C" [[gnu::weak]] int omp_get_max_threads();

namespace workbook {
namespace {

// Every workbook program writes its output a line at a time, into a pipe as much as onto
// a terminal. Why: when the grader (or a test, or `| tee`) has to stop a program that hangs,
// the lines it printed before it stopped say where it hung; with the C library's full
// buffering for pipes they would die with the process. Every program parses its options
// with this file's Cli, so this runs before its main().
[[maybe_unused]] const bool stdout_line_buffered = [] { return std::setvbuf(stdout, nullptr, _IOLBF, BUFSIZ) == 0; }();

std::string& stored_program_name() {
    // Never destroyed: the check at exit below still needs it after static destructors ran.
    static auto* name = new std::string("workbook");
    return *name;
}

// A program whose output could not be written has failed, even if its work succeeded:
// `prog > /dev/full` or a full disk must not exit 0 with the results lost. At exit the
// last buffered output is flushed and any write error of the run is reported in one line.
bool output_failure_reported = false;  // workbook::run said it already

extern "C" void check_stdout_at_exit() {
    // A line-buffered write that failed earlier left its reason in errno, unless a later
    // call changed it: keep it when it is one a write gives.
    const int earlier = errno;
    errno = 0;
    const bool flushed = std::fflush(stdout) == 0;
    int error = errno;
    if (flushed && !std::ferror(stdout)) return;
    if (error == 0 && (earlier == ENOSPC || earlier == EIO || earlier == EPIPE || earlier == EFBIG ||
                       earlier == EDQUOT || earlier == EBADF)) {
        error = earlier;
    }
    const char* reason = error != 0 ? std::strerror(error) : "a write to standard output failed";
    if (!output_failure_reported) {
        std::fprintf(stderr, "%s: cannot write its output: %s\n", stored_program_name().c_str(), reason);
    }
    std::_Exit(1);
}
[[maybe_unused]] const bool stdout_checked_at_exit = std::atexit(check_stdout_at_exit) == 0;

// fmt::print throws std::system_error when standard output cannot be written. A program
// that does not run its body under workbook::run would die of it with "terminate called"
// and SIGABRT; a failed write of the output is one line and exit 1, like the check above.
std::terminate_handler previous_terminate = nullptr;
[[noreturn]] void on_terminate() {
    if (std::ferror(stdout) && std::current_exception()) {
        try {
            std::rethrow_exception(std::current_exception());
        } catch (const std::system_error& error) {
            std::fprintf(stderr, "%s: cannot write its output: %s\n", stored_program_name().c_str(),
                         error.code().message().c_str());
            std::_Exit(1);
        } catch (...) {}
    }
    if (previous_terminate != nullptr) previous_terminate();
    std::abort();
}
[[maybe_unused]] const bool terminate_handled = (previous_terminate = std::set_terminate(on_terminate), true);

ExitPolicy& current_policy() {
    static ExitPolicy policy;
    return policy;
}

// libgomp reads OpenMP's environment in its constructor, before main(), and on a value it
// cannot use prints "libgomp: Invalid value for environment variable ..." and goes on with
// the default. The functions in an executable's .preinit_array run before any shared
// library's constructor, so a program that loads libgomp checks the variables there: a bad
// value gets one line, the program's own, and exit 2, before libgomp says anything. Only
// plain calls here: the program's static objects are not constructed yet, and getenv()
// may not see the environment yet (hence envp).
char** environment_at_start = nullptr;

const char* value_at_start(const char* name) {
    const std::size_t length = std::strlen(name);
    for (char** entry = environment_at_start; entry != nullptr && *entry != nullptr; ++entry)
        if (std::strncmp(*entry, name, length) == 0 && (*entry)[length] == '=') return *entry + length + 1;
    return nullptr;
}

void check_openmp_environment_before_libgomp(int argc, char** argv, char** envp) {
    if (&omp_get_max_threads == nullptr) return;  // no libgomp here: Cli::parse checks, as ever
    environment_at_start = envp;
    const std::string problem = check_openmp_environment(value_at_start);
    if (problem.empty()) return;
    // Every rank of an MPI job gets the same environment and refuses it; rank 0 says so (the
    // launcher tells each process its rank in the environment). The others end quietly with
    // 0: before MPI_Init, a rank that ends with an error makes the launcher stop the whole
    // job at once, rank 0 too, maybe before its line is out. The job's status is rank 0's 2.
    for (const char* rank_variable : {"OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK", "SLURM_PROCID"}) {
        if (const char* rank = value_at_start(rank_variable); rank != nullptr) {
            if (std::strcmp(rank, "0") != 0) std::_Exit(0);
            break;
        }
    }
    std::string_view name = argc > 0 && argv[0] != nullptr ? argv[0] : "workbook";
    name = name.substr(name.find_last_of('/') + 1);
    const std::string line = fmt::format("{}: {} (see --help)\n", name, printable(problem));
    if (write(STDERR_FILENO, line.data(), line.size()) < 0) std::_Exit(2);  // nothing more to say
    std::_Exit(2);
}

[[gnu::section(".preinit_array"),
  gnu::used]] void (*const openmp_environment_checked_first)(int, char**,
                                                             char**) = check_openmp_environment_before_libgomp;

/// 2e9 as "2000000000", 0.5 as "0.5": whole numbers in full, as a user would type them.
std::string number(double value) {
    if (value == std::floor(value) && std::fabs(value) < 1e15) return fmt::format("{}", static_cast<long long>(value));
    return fmt::format("{:g}", value);
}

std::string describe(const Bounds& bounds) {
    if (bounds.high == std::numeric_limits<double>::max()) return "at least " + number(bounds.low);
    return number(bounds.low) + " to " + number(bounds.high);
}

/// Checks a value's text against its bounds before CLI11 converts it, so every bad value
/// gets a message that names the accepted range: "-1 is not in 1 to 1024". For a count
/// (`whole`), a whole number in any spelling is taken: `--n 1e6` as 1000000, as HPC users
/// write sizes (CLI11 would convert digits only).
CLI::Validator within(const Bounds& bounds, bool whole) {
    return CLI::Validator(
        [bounds, whole](std::string& text) -> std::string {
            char* end = nullptr;
            const double value = std::strtod(text.c_str(), &end);
            if (text.empty() || *end != '\0') return fmt::format("{} is not a number", workbook::quoted(text));
            // NaN compares false with everything, so it would pass any range check below.
            if (!std::isfinite(value)) return fmt::format("{} is not a finite number", workbook::quoted(text));
            if (value < bounds.low || value > bounds.high)
                return fmt::format("{} is not in {}", text, describe(bounds));
            if (whole) {
                if (value != std::floor(value)) return fmt::format("{} is not a whole number", workbook::quoted(text));
                if (std::fabs(value) >= 1e18) return fmt::format("{} is too large", text);
                text = fmt::format("{}", static_cast<long long>(value));
            }
            return {};
        },
        "");
}

template <typename T>
void add_option(CLI::App& app, const std::string& name, T& value, const std::string& help,
                std::optional<Bounds> bounds) {
    auto* opt = app.add_option(name, value, bounds ? fmt::format("{} ({})", help, describe(*bounds)) : help)
                    ->capture_default_str();
    if (bounds) { opt->transform(within(*bounds, std::is_integral_v<T>)); }  // transform: it may rewrite 1e6
}

/// Whether `text` is a whole number from `low` to `high`.
bool whole_number_in(std::string_view text, long long low, long long high) {
    if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string_view::npos)
        return false;
    const long long value = std::stoll(std::string(text));
    return value >= low && value <= high;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
        const auto end = text.find(separator, start);
        parts.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) return parts;
        start = end + 1;
    }
}

std::string lower(std::string_view text) {
    std::string result(text);
    for (auto& c : result) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return result;
}

bool one_of(std::string_view text, std::initializer_list<std::string_view> words) {
    const auto word = lower(text);
    return std::find(words.begin(), words.end(), word) != words.end();
}

/// OMP_STACKSIZE: a size in KiB, or with a B, K, M or G suffix; at most 1 GiB per thread.
bool stack_size(std::string_view text) {
    std::string digits(text);
    long long unit = 1024;
    if (!digits.empty() && std::isalpha(static_cast<unsigned char>(digits.back()))) {
        const char suffix = static_cast<char>(std::toupper(static_cast<unsigned char>(digits.back())));
        digits.pop_back();
        unit = suffix == 'B'   ? 1
               : suffix == 'K' ? 1024
               : suffix == 'M' ? 1024LL << 10
               : suffix == 'G' ? 1024LL << 20
                               : 0;
        if (unit == 0) return false;
    }
    return whole_number_in(digits, 1, (1LL << 30) / unit);
}

/// OMP_SCHEDULE: [monotonic:|nonmonotonic:]kind[,chunk].
bool schedule(std::string_view text) {
    if (const auto colon = text.find(':'); colon != std::string_view::npos) {
        if (!one_of(text.substr(0, colon), {"monotonic", "nonmonotonic"})) return false;
        text.remove_prefix(colon + 1);
    }
    const auto parts = split(text, ',');
    if (parts.size() > 2 || !one_of(parts[0], {"static", "dynamic", "guided", "auto"})) return false;
    return parts.size() == 1 || whole_number_in(parts[1], 1, 1LL << 30);
}

bool proc_bind(std::string_view text) {
    const auto parts = split(text, ',');
    if (parts.size() == 1 && one_of(parts[0], {"true", "false"})) return true;
    return std::all_of(parts.begin(), parts.end(), [](std::string_view part) {
        return one_of(part, {"master", "primary", "close", "spread"});
    });
}

}  // namespace

std::string quoted(std::string_view text, std::size_t max_chars) { return "'" + printable(text, max_chars) + "'"; }

std::string printable(std::string_view text, std::size_t max_chars) {
    std::string shown;
    for (const char c : text) {
        if (shown.size() >= max_chars) {
            shown += "...";
            break;
        }
        const auto byte = static_cast<unsigned char>(c);
        if (c == '\n')
            shown += "\\n";
        else if (c == '\t')
            shown += "\\t";
        else if (byte < 0x20 || byte == 0x7f)
            shown += fmt::format("\\x{:02x}", byte);
        else
            shown += c;
    }
    return shown;
}

std::string check_openmp_environment(const char* (*lookup)(const char* name)) {
    struct Rule {
        const char* name;
        bool (*valid)(std::string_view);
        const char* expected;
    };
    static const Rule rules[] = {
        {"OMP_NUM_THREADS",
         [](std::string_view v) {
             const auto levels = split(v, ',');
             return std::all_of(levels.begin(), levels.end(),
                                [](std::string_view n) { return whole_number_in(n, 1, max_threads); });
         },
         "a thread count from 1 to 1024, or a list of them for nested levels (4,2)"},
        {"OMP_THREAD_LIMIT", [](std::string_view v) { return whole_number_in(v, 1, 1LL << 30); },
         "a thread count of at least 1"},
        {"OMP_STACKSIZE", stack_size, "a stack size such as 4M (a number with B, K, M or G; at most 1G)"},
        {"OMP_SCHEDULE", schedule, "static, dynamic, guided or auto, with an optional chunk (dynamic,4)"},
        {"OMP_DYNAMIC",
         [](std::string_view v) {
             return one_of(v, {"true", "false"});
         },
         "true or false"},
        {"OMP_PROC_BIND", proc_bind, "true, false, or a list of close, spread, primary"},
        {"OMP_WAIT_POLICY",
         [](std::string_view v) {
             return one_of(v, {"active", "passive"});
         },
         "active or passive"},
        {"OMP_DISPLAY_ENV",
         [](std::string_view v) {
             return one_of(v, {"true", "false", "verbose"});
         },
         "true, false or verbose"},
        // Read only where a program has target regions (lesson 13), and checked everywhere:
        // a mistyped MANDATORY would otherwise be DEFAULT, which falls back to the host silently.
        {"OMP_TARGET_OFFLOAD",
         [](std::string_view v) {
             return one_of(v, {"mandatory", "disabled", "default"});
         },
         "MANDATORY, DISABLED or DEFAULT"},
        {"OMP_DEFAULT_DEVICE", [](std::string_view v) { return whole_number_in(v, 0, 999'999'999); },
         "a device number (0, 1, ...)"},
    };
    if (lookup == nullptr) lookup = [](const char* name) -> const char* { return std::getenv(name); };
    for (const auto& rule : rules) {
        const char* value = lookup(rule.name);
        if (value == nullptr) continue;
        // Blanks around a value are allowed, as libgomp allows them; an empty value is not:
        // libgomp calls it invalid and goes on with the default (`OMP_NUM_THREADS=$UNSET_VAR`).
        std::string_view text = value;
        while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) text.remove_prefix(1);
        while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) text.remove_suffix(1);
        if (!text.empty() && rule.valid(text)) continue;
        return fmt::format("{}={} is not {}", rule.name, workbook::quoted(value), rule.expected);
    }
    return "";
}

Bounds at_least(double low) { return {low, std::numeric_limits<double>::max()}; }

Cli::Cli(std::string teaches) : app_(std::make_unique<CLI::App>(std::move(teaches))) {
    app_->get_formatter()->column_width(28);
}

Cli::~Cli() = default;

Cli& Cli::option(const std::string& name, int& value, const std::string& help, std::optional<Bounds> bounds) {
    add_option(*app_, name, value, help, bounds);
    return *this;
}

Cli& Cli::option(const std::string& name, long& value, const std::string& help, std::optional<Bounds> bounds) {
    add_option(*app_, name, value, help, bounds);
    return *this;
}

Cli& Cli::option(const std::string& name, double& value, const std::string& help, std::optional<Bounds> bounds) {
    add_option(*app_, name, value, help, bounds);
    return *this;
}

Cli& Cli::option(const std::string& name, std::string& value, const std::string& help) {
    app_->add_option(name, value, help)->capture_default_str();
    return *this;
}

Cli& Cli::flag(const std::string& name, bool& value, const std::string& help) {
    app_->add_flag(name, value, help);
    return *this;
}

void set_program_name(std::string_view argv0) {
    stored_program_name() = std::string(argv0.substr(argv0.find_last_of('/') + 1));
}

void Cli::parse(int argc, char** argv) {
    if (argc > 0) set_program_name(argv[0]);
    app_->name(program_name());
    try {
        app_->parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        if (current_policy().speaks) fmt::print("{}", app_->help());
        exit_program(0);
    } catch (const CLI::ParseError& error) { usage_error(error.what()); }
    if (const auto problem = check_openmp_environment(); !problem.empty()) usage_error(problem);
}

std::string Cli::help() const { return app_->help(); }

const std::string& program_name() { return stored_program_name(); }

void require_folder(std::string_view option, const std::string& path) {
    if (!path.empty() && !std::filesystem::is_directory(path))
        usage_error(fmt::format("{} {}: no such folder", option, workbook::quoted(path)));
}

void usage_error(std::string_view message) {
    // CLI11's messages carry the user's words as typed: one line, printable, not too long.
    if (current_policy().speaks) fmt::print(stderr, "{}: {} (see --help)\n", program_name(), printable(message));
    exit_program(2);
}

ExitPolicy set_exit_policy(ExitPolicy policy) { return std::exchange(current_policy(), policy); }

const ExitPolicy& exit_policy() { return current_policy(); }

void exit_program(int code) {
    std::fflush(stdout);
    if (current_policy().before_exit != nullptr) current_policy().before_exit();
    std::exit(code);
}

int run(const std::function<void()>& body) {
    try {
        body();
        return 0;
    } catch (const std::system_error& error) {
        // fmt::print throws when standard output cannot be written (a full disk, /dev/full):
        // said once, in the words the check at exit uses.
        if (std::ferror(stdout)) {
            fmt::print(stderr, "{}: cannot write its output: {}\n", program_name(), error.code().message());
            output_failure_reported = true;
        } else {
            fmt::print(stderr, "{}: error: {}\n", program_name(), error.what());
        }
    } catch (const std::exception& error) {
        fmt::print(stderr, "{}: error: {}\n", program_name(), error.what());
    } catch (...) { fmt::print(stderr, "{}: error: an unknown exception\n", program_name()); }
    return 1;
}

}  // namespace workbook
