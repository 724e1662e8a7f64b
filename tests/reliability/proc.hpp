/// @file proc.hpp
/// @brief wb_reliability's eyes and hands: starting a program with full control (its
/// folder, environment, standard output, user), watching it while it runs, and finding
/// every process it left behind.
#pragma once

#include <sys/types.h>
#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace reliability {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

/// What to start.
struct Spec {
    std::vector<std::string> argv;                         ///< argv[0]: the program's path
    std::vector<std::pair<std::string, std::string>> env;  ///< set on top of the base environment
    std::filesystem::path cwd;                             ///< the run's own folder
    std::string stdout_path;                               ///< empty: captured; else opened for writing
    milliseconds timeout{20'000};
    std::optional<uid_t> as_user;                ///< run as this user and group (root only)
    std::optional<unsigned long> process_limit;  ///< RLIMIT_NPROC, set before it starts
};

/// A started program.
struct Child {
    pid_t pid = -1;
    int out_fd = -1, err_fd = -1;
    std::vector<int> drains;  ///< other descriptors read and discarded while it runs (a FIFO)
    std::string out, err;
    bool exited = false;
    int status = 0;
    Clock::time_point started;
    std::optional<Clock::time_point> exited_at;
};

/// How a run ended.
struct Outcome {
    bool started = false;
    std::string start_error;
    bool timed_out = false;
    int status = 0;
    std::string out, err;
    double seconds = 0;
};

/// The environment every run starts from: the driver's own, without OpenMP's variables,
/// plus the marker that lets the process scan recognise everything a run started.
void set_marker(std::string marker);

/// Starts a program in a session of its own. On failure Child::pid is -1 and `error` says why.
Child start(const Spec& spec, std::string& error);

/// Reads what the program printed for at most `wait`; true once it has exited.
bool pump(Child& child, milliseconds wait);

/// Waits for the end (and its pipes to close) until `deadline`; past it, the run's session
/// is killed and the outcome says timed_out.
Outcome finish(Child& child, Clock::time_point deadline);

/// start + finish.
Outcome run(const Spec& spec);

/// "exit 2", "killed by SIGSEGV (Segmentation fault)", "no answer in 20 s".
std::string describe(const Outcome& outcome);

/// One process of the machine, from /proc.
struct Proc {
    pid_t pid = 0, ppid = 0, sid = 0;
    char state = '?';
    std::string comm;
};

/// Every process of the machine.
std::map<pid_t, Proc> processes();

/// Processes that belong to this driver: started by it (they carry the marker in their
/// environment) or descended from it. Zombies do not count.
std::vector<Proc> ours();

/// Collects the zombies this driver inherited (it is a child subreaper).
void reap_orphans();

/// Waits up to `grace` for every process of ours to end. Returns what was left (as text,
/// one entry per process), having killed it.
std::vector<std::string> strays(milliseconds grace);

/// The program a process runs (/proc/PID/exe), empty when it cannot be read.
std::string exe_of(pid_t pid);
/// Its command line, arguments separated by spaces, shortened.
std::string cmdline_of(pid_t pid);
/// The value of an environment variable of a process, if readable and set.
std::optional<std::string> env_of(pid_t pid, const std::string& name);
/// Whether the process is sleeping in nanosleep/clock_nanosleep (a task that sleeps).
bool in_sleep(pid_t pid);
/// Threads of every process of user `uid` (what RLIMIT_NPROC counts).
long tasks_of_user(uid_t uid);

/// Starts a process that only sleeps, as user `uid` (root only; the fork is root's, so
/// the user's process limit does not stop it): it counts against that user's limit.
/// It dies with this driver. Returns its pid, or -1.
pid_t start_filler(uid_t uid);

/// Text made printable on one line: control bytes as \n, \x1b; cut to `max` characters.
std::string shown(const std::string& text, std::size_t max = 160);

}  // namespace reliability
