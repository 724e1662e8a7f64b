/// @file cli.hpp
/// @brief Command-line options with one error convention for every workbook program.
///
/// Every program says what it teaches in `--help`, and answers bad input with one line on
/// stderr and exit code 2: never a crash, a hang or a core dump.
///
/// @code
/// int threads = workbook::usable_cpus();
/// workbook::Cli cli{"Sum a range of numbers with several threads."};
/// cli.option("--threads", threads, "threads to start", workbook::between(1, 1024));
/// cli.parse(argc, argv);
/// @endcode
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace CLI {
class App;
}

namespace workbook {

/// The most threads any workbook program starts, by `--threads` or by OMP_NUM_THREADS: far
/// more than any node has cores (a KNL node has 272 hardware threads), far fewer than
/// what makes the C library or libgomp fail (OMP_NUM_THREADS=100000 crashes libgomp).
inline constexpr int max_threads = 1024;

/// The accepted range of a numeric option, both ends included.
struct Bounds {
    double low;   ///< smallest accepted value
    double high;  ///< largest accepted value
};

/// Values from `low` to `high`, both included.
constexpr Bounds between(double low, double high) { return {low, high}; }
/// Values of at least `low`.
Bounds at_least(double low);

/// The options of one program, parsed with CLI11.
class Cli {
public:
    /// @param teaches what the program teaches, shown first by `--help`.
    explicit Cli(std::string teaches);
    ~Cli();
    Cli(const Cli&) = delete;
    Cli& operator=(const Cli&) = delete;

    /// An option with a value; its current value is the default shown by `--help`.
    Cli& option(const std::string& name, int& value, const std::string& help,
                std::optional<Bounds> bounds = std::nullopt);
    /// @copydoc option(const std::string&, int&, const std::string&, std::optional<Bounds>)
    Cli& option(const std::string& name, long& value, const std::string& help,
                std::optional<Bounds> bounds = std::nullopt);
    /// @copydoc option(const std::string&, int&, const std::string&, std::optional<Bounds>)
    Cli& option(const std::string& name, double& value, const std::string& help,
                std::optional<Bounds> bounds = std::nullopt);
    /// A text option.
    Cli& option(const std::string& name, std::string& value, const std::string& help);
    /// An on/off switch, false unless given.
    Cli& flag(const std::string& name, bool& value, const std::string& help);

    /// Parses the command line. `--help` prints the help and exits 0; bad input prints one
    /// line on stderr and exits 2. The environment is input too: OpenMP's variables
    /// (OMP_NUM_THREADS, OMP_THREAD_LIMIT, OMP_STACKSIZE, OMP_SCHEDULE, OMP_DYNAMIC,
    /// OMP_PROC_BIND, OMP_WAIT_POLICY) are checked here like options, in every program,
    /// because libgomp reads them later and either crashes or ignores a bad value silently.
    void parse(int argc, char** argv);

    /// The text `--help` prints.
    [[nodiscard]] std::string help() const;

private:
    std::unique_ptr<CLI::App> app_;
};

/// A user's text as it may be echoed in a one-line message: in quotes, control characters
/// (newlines, escape sequences) shown escaped (backslash-n, backslash-x1b) instead of
/// acting on the terminal,
/// and cut to `max_chars` with "..." so a 100 kB argument is not echoed whole.
std::string quoted(std::string_view text, std::size_t max_chars = 60);

/// The same without the quotes: for a whole message that carries a user's words.
std::string printable(std::string_view text, std::size_t max_chars = 300);

/// Checks OpenMP's environment variables (see Cli::parse): the first bad one, in words
/// ("OMP_NUM_THREADS='100000' is not a thread count from 1 to 1024"), or empty. Set but
/// empty is bad too (libgomp calls it invalid). `lookup` finds a variable's value (default:
/// std::getenv); a program that loads libgomp runs this before libgomp's constructor.
std::string check_openmp_environment(const char* (*lookup)(const char* name) = nullptr);

/// The program's name, as the first word of every message (set by Cli::parse).
const std::string& program_name();

/// Sets it from argv[0], for programs whose options another library parses (benchmarks).
void set_program_name(std::string_view argv0);

/// A folder a program is told to write into (`--out DIR`) must exist: one that does not is
/// bad input (usage_error, naming the option). An empty path asks for no folder and passes.
void require_folder(std::string_view option, const std::string& path);

/// Reports bad input found after parsing ("a ring needs 2 ranks"): one line, exit 2.
[[noreturn]] void usage_error(std::string_view message);

/// How a program ends when `--help` or bad input stops it before its work. The default
/// suits one process: print, then exit. An MPI program runs as many processes with the same
/// command line; workbook::mpi::Session installs a policy where only rank 0 prints and
/// every rank shuts MPI down before it exits, so bad input gives one line, not one per rank.
struct ExitPolicy {
    bool speaks = true;               ///< false: say nothing (the other ranks of an MPI job)
    void (*before_exit)() = nullptr;  ///< called just before std::exit (MPI_Finalize)
};
/// Replaces the policy (see ExitPolicy); returns the previous one.
ExitPolicy set_exit_policy(ExitPolicy policy);

/// The policy in force.
const ExitPolicy& exit_policy();

/// Ends the program with `code` under the current ExitPolicy.
[[noreturn]] void exit_program(int code);

/// Runs a program's body and turns an escaping exception into one line on stderr and
/// exit code 1, instead of std::terminate and a core dump.
int run(const std::function<void()>& body);

}  // namespace workbook
