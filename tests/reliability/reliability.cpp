/// @file reliability.cpp
/// @brief wb_reliability: every program the build makes, tried as a careless or hostile
/// user would (issue 11), with a check of what each run left behind.
///
///   wb_reliability --bin BUILD/bin --manifests BUILD/manifest --root WORKBOOK (--lesson NN | --tools)
///
/// For each program of lesson NN (its demos, the solutions of its exercises, its benchmarks:
/// the build's manifests list them) or for the workbook's tools, it runs the cases of
/// issue 11 and prints one line per case, `ok:`, `FAIL:` or `skip:` with the program, the
/// case and what happened, then a summary. Exit 0: every case held; 1: a case failed;
/// 77 (CTest's skip code, SKIP_RETURN_CODE): nothing failed but some cases could not run
/// here (they need root), each said why.
///
/// The cases, for every program that is not an MPI program or a benchmark:
///   --help                exit 0 and something on stdout
///   bad arguments         an unknown flag, an argument with a newline and an escape byte, a
///                         100 kB argument: exit 2, exactly one line on stderr, at most 400
///                         characters, no raw escape byte
///   numeric options       for each option whose --help shows a range ("(1 to 1024)", "(at
///                         least 1)", CLI11's "in [1 - 99]"): nan, inf, -inf, below and
///                         above the range, 1e400, "" and a value with control bytes: exit 2,
///                         one line
///   the environment       OMP_NUM_THREADS=100000, =abc, =0, OMP_STACKSIZE=100G with the
///                         program's own arguments: exit 2, one line
///   stdout is /dev/full   with its own arguments: exit non-zero, one line
///   output files          for each option that writes a file (--output, --out, --wisdom...):
///                         a character device (/dev/null's and /dev/full's numbers, made with
///                         mknod in the run's folder; root only) stays that device, a FIFO
///                         stays a FIFO, a symbolic link stays a link and its target gets the
///                         data, a folder and a folder that does not exist are refused in one
///                         line, a full filesystem (a 64 KiB tmpfs; root only) gives one line
///                         naming "No space left on device", leaves no partial file and the
///                         file that was there unchanged
/// MPI programs (started as `wb_mpiexec RANKS PROGRAM`) get --help, an unknown flag,
/// OMP_NUM_THREADS=100000 and stdout on /dev/full; Google Benchmark programs get --help,
/// the bad arguments, the environment and /dev/full with --benchmark_list_tests.
/// Faults: in each MPI lesson a rank killed with SIGKILL (the job ends, stderr names the
/// rank) and the mpiexec killed with SIGKILL (no rank left); in lesson 04 a ProcessPool
/// worker killed (pool_tour, pool_bench), SIGTERM, SIGINT and SIGHUP to the pool's parent,
/// and a fork that fails while the pool replaces a killed worker (root only).
///
/// After every case: no process the run started is still running (the driver is a child
/// subreaper and marks every run's environment, so it finds them however they detached),
/// nothing new in /tmp or /dev/shm outside the run's folder, and the run's TMPDIR empty.
/// Every run has its own folder as its working directory, with TMPDIR inside it. As root
/// the driver works in a private mount namespace with its own /tmp and /dev/shm, so what
/// other programs on the machine do there is not counted.
#include "proc.hpp"

#include <fmt/core.h>

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using namespace reliability;
using namespace std::chrono_literals;

namespace {

constexpr int skip_code = 77;

// ---------------------------------------------------------------------------------------
// Small helpers

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::string part;
    std::istringstream in(text);
    while (std::getline(in, part, separator)) parts.push_back(part);
    if (!text.empty() && text.back() == separator) parts.emplace_back();
    return parts;
}

std::vector<std::string> words(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string w;
    while (in >> w) out.push_back(w);
    return out;
}

std::string join(const std::vector<std::string>& parts, const std::string& glue) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? glue : "") + parts[i];
    return out;
}

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

bool write_text(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    return static_cast<bool>(out.flush());
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

int count_lines(const std::string& text) {
    return static_cast<int>(std::count(text.begin(), text.end(), '\n')) +
           (!text.empty() && text.back() != '\n' ? 1 : 0);
}

/// What a path is now, in words.
std::string what_is(const fs::path& path) {
    struct stat st {};
    if (lstat(path.c_str(), &st) != 0) return "nothing";
    if (S_ISCHR(st.st_mode)) return fmt::format("a character device {}:{}", major(st.st_rdev), minor(st.st_rdev));
    if (S_ISFIFO(st.st_mode)) return "a FIFO";
    if (S_ISLNK(st.st_mode)) return "a symbolic link";
    if (S_ISDIR(st.st_mode)) return "a folder";
    if (S_ISREG(st.st_mode)) return fmt::format("a regular file of {} bytes", st.st_size);
    return "something else";
}

std::vector<std::string> entries_of(const fs::path& dir) {
    std::vector<std::string> names;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(dir, error)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

// ---------------------------------------------------------------------------------------
// What a program is and what its --help says

struct Program {
    std::string name;
    fs::path path;
    enum class Kind { demo, solution, bench, tool } kind = Kind::demo;
    std::vector<std::string> args;  ///< its own: the demo's ARGS, the first graded run
    int ranks = 0;                  ///< an MPI program: started on this many ranks
};

struct NumericOption {
    std::string name;
    bool integer = false;
    double low = 0;
    std::optional<double> high;
};

struct OutputOption {
    std::string name;
    bool also_read = false;  ///< read first when it exists (FFTW wisdom)
};

struct Help {
    std::vector<NumericOption> numeric;
    std::vector<OutputOption> outputs;
};

std::optional<double> to_number(const std::string& text) {
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0') return std::nullopt;
    return value;
}

Help parse_help(const std::string& text) {
    Help help;
    // "  --threads INT [4]   threads to start (1 to 1024)", "  -n,--n INT ...",
    // CLI11's own "  --level INT:INT in [1 - 99]", "  --abs-tol FLOAT:NONNEGATIVE ...".
    static const std::regex option_line(
        R"(^\s+(?:-[A-Za-z0-9],)?(--[A-Za-z0-9][A-Za-z0-9_-]*)(?:,-[A-Za-z0-9])?\s+(.*)$)");
    static const std::regex to_range(R"(\((-?[0-9][0-9.eE+-]*) to (-?[0-9][0-9.eE+-]*)\))");
    static const std::regex at_least(R"(\(at least (-?[0-9][0-9.eE+-]*)\))");
    static const std::regex cli11_range(R"(in \[(-?[0-9][0-9.eE+-]*) - (-?[0-9][0-9.eE+-]*)\])");
    const auto lines = split(text, '\n');
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::smatch m;
        if (!std::regex_match(lines[i], m, option_line)) continue;
        const std::string name = m[1];
        std::string rest = m[2];
        // CLI11 puts a long type on a line of its own and the description on the next.
        if (i + 1 < lines.size() && lines[i + 1].find_first_not_of(' ') > 20 &&
            lines[i + 1].find_first_not_of(' ') != std::string::npos && lines[i + 1].find("--") == std::string::npos) {
            rest += " " + lines[i + 1];
        }
        const auto type = rest.substr(0, rest.find(' '));
        const bool integer = type.rfind("INT", 0) == 0 || type.rfind("UINT", 0) == 0;
        const bool floating = type.rfind("FLOAT", 0) == 0 || type.rfind("NUMBER", 0) == 0;
        std::smatch r;
        NumericOption option{name, integer, 0, std::nullopt};
        bool numeric = false;
        if (std::regex_search(rest, r, to_range) || std::regex_search(rest, r, cli11_range)) {
            const auto low = to_number(r[1]), high = to_number(r[2]);
            if (low && high) {
                option.low = *low;
                option.high = *high;
                numeric = true;
            }
        } else if (std::regex_search(rest, r, at_least)) {
            if (const auto low = to_number(r[1])) {
                option.low = *low;
                numeric = true;
            }
        } else if ((integer || floating) && rest.find("NONNEGATIVE") != std::string::npos) {
            option.low = 0;
            numeric = true;
        } else if ((integer || floating) && rest.find("POSITIVE") != std::string::npos) {
            option.low = integer ? 1 : 1e-300;
            numeric = true;
        }
        if (numeric) help.numeric.push_back(option);
        // An option that names a file the program writes.
        static const std::regex writes(R"(\b(write|writes|save|saves|saved)\b)");
        static const std::regex reads(R"(\b(read|reads)\b)");
        if (type.rfind("TEXT", 0) == 0 && std::regex_search(rest, writes) &&
            (name == "--output" || name == "--out" || name == "--wisdom" || name.find("file") != std::string::npos ||
             rest.find(" file") != std::string::npos)) {
            help.outputs.push_back({name, std::regex_search(rest, reads)});
        }
    }
    return help;
}

/// `args` with option `name` set to `value` (replaced where given, else added).
std::vector<std::string> with_option(std::vector<std::string> args, const std::string& name, const std::string& value) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == name && i + 1 < args.size()) {
            args[i + 1] = value;
            return args;
        }
        if (args[i].rfind(name + "=", 0) == 0) {
            args[i] = name + "=" + value;
            return args;
        }
    }
    args.push_back(name);
    args.push_back(value);
    return args;
}

std::string number_text(double value) {
    if (value == static_cast<double>(static_cast<long long>(value)) && std::abs(value) < 1e15) {
        return fmt::format("{}", static_cast<long long>(value));
    }
    return fmt::format("{:g}", value);
}

// ---------------------------------------------------------------------------------------
// The report: one line per case, and the summary.

class Report {
public:
    void ok(const std::string& program, const std::string& what, const std::string& detail) {
        ++ok_;
        print("ok", program, what, detail);
    }
    void fail(const std::string& program, const std::string& what, const std::string& detail) {
        ++failed_;
        print("FAIL", program, what, detail);
        failures_.push_back(program + ": " + what);
    }
    void skip(const std::string& program, const std::string& what, const std::string& why) {
        ++skipped_;
        print("skip", program, what, why);
    }
    /// ok when there is no problem, else one FAIL line with all of them.
    void result(const std::string& program, const std::string& what, const std::vector<std::string>& problems,
                const std::string& detail) {
        if (problems.empty())
            ok(program, what, detail);
        else
            fail(program, what, join(problems, "; ") + (detail.empty() ? "" : " [" + detail + "]"));
    }
    int finish(const std::string& scope, double seconds) const {
        fmt::print("\n{}: {} cases ok, {} failed, {} skipped in {:.1f} s\n", scope, ok_, failed_, skipped_, seconds);
        for (const auto& f : failures_) fmt::print("  failed: {}\n", f);
        std::fflush(stdout);
        if (failed_ > 0) return 1;
        return skipped_ > 0 ? skip_code : 0;
    }

private:
    static void print(const char* word, const std::string& program, const std::string& what,
                      const std::string& detail) {
        fmt::print("{}: {}: {}: {}\n", word, program, what, detail);
        std::fflush(stdout);
    }
    int ok_ = 0, failed_ = 0, skipped_ = 0;
    std::vector<std::string> failures_;
};

// ---------------------------------------------------------------------------------------
// The driver

struct Config {
    fs::path bin, manifests, root;
    std::string lesson;  // "NN", or empty with tools
    bool tools = false;
};

/// A run's own folder: its working directory, with its TMPDIR inside; removed afterwards,
/// with whatever was mounted in it.
class Folder {
public:
    explicit Folder(const fs::path& path) : dir_(path) { fs::create_directories(dir_ / "tmp"); }
    ~Folder() {
        for (auto it = mounts_.rbegin(); it != mounts_.rend(); ++it) umount2(it->c_str(), MNT_DETACH);
        std::error_code error;
        fs::remove_all(dir_, error);
    }
    Folder(const Folder&) = delete;
    Folder& operator=(const Folder&) = delete;
    const fs::path& dir() const { return dir_; }
    fs::path tmp() const { return dir_ / "tmp"; }
    void mounted(const fs::path& p) { mounts_.push_back(p); }

private:
    fs::path dir_;
    std::vector<fs::path> mounts_;
};

class Driver {
public:
    explicit Driver(Config config) : config_(std::move(config)) {}

    int run();

private:
    // ---- setting up
    void isolate();
    std::vector<Program> lesson_programs();
    std::vector<Program> tool_programs();

    // ---- one run
    std::unique_ptr<Folder> folder();
    std::vector<std::string> launch(const Program& p, const std::vector<std::string>& args) const;
    Spec spec(const Program& p, const std::vector<std::string>& args, const Folder& f) const;
    std::set<std::string> shared_entries() const;
    /// What a run left: processes, files in /tmp and /dev/shm, files in its TMPDIR.
    std::vector<std::string> aftermath(const std::set<std::string>& before, const Folder& f, milliseconds grace = 3s);
    /// Runs one case and checks the basics (started, no timeout, no signal) and the aftermath.
    Outcome attempt(const Program& p, const Folder& f, const std::vector<std::string>& args,
                    std::vector<std::string>& problems,
                    const std::vector<std::pair<std::string, std::string>>& env = {},
                    const std::string& stdout_path = {}, milliseconds timeout = 30s);

    // ---- the cases
    void program_cases(const Program& p);
    std::optional<Help> help_case(const Program& p, const std::vector<std::string>& base = {});
    void refusal_case(const Program& p, const std::string& what, const std::vector<std::string>& args,
                      const std::vector<std::pair<std::string, std::string>>& env = {});
    void bad_argument_cases(const Program& p, const std::vector<std::string>& base = {});
    void numeric_cases(const Program& p, const Help& h, const std::vector<std::string>& base = {});
    void environment_cases(const Program& p, const std::vector<std::string>& args, bool all,
                           const Help* help = nullptr);
    void tmpdir_case(const Program& p, const std::vector<std::string>& args);
    void full_stdout_case(const Program& p, const std::vector<std::string>& args);
    /// Output-path cases: `args_for(path)` gives the command line that writes to `path`.
    void output_cases(const Program& p, const std::string& what,
                      const std::function<std::vector<std::string>(const std::string&)>& args_for, bool also_read);
    std::vector<std::string> own_args(const Program& p, const Help& h) const;

    void mpi_faults(const std::vector<Program>& programs);
    void pool_faults(const std::vector<Program>& programs);
    void tool_cases(const Program& p);

    Config config_;
    Report report_;
    fs::path base_;
    bool root_ = false;
    bool private_tmp_ = false;
    std::string not_private_why_;
    std::set<std::string> known_shared_;  // entries seen in a shared /tmp that are not ours to judge
    int runs_ = 0;
};

// ---------------------------------------------------------------------------------------
// Setting up

void Driver::isolate() {
    root_ = geteuid() == 0;
    // Orphans of a run come to this process, so a worker whose parent died is still found.
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    set_marker(fmt::format("WB_RELIABILITY_DRIVER={}", getpid()));
    signal(SIGPIPE, SIG_IGN);
    auto under = [](const fs::path& path, const std::string& folder) {
        const std::string p = fs::weakly_canonical(path).string() + "/";
        return p.rfind(folder, 0) == 0;
    };
    // A workbook cloned under /tmp (a fresh clone for CI, say) stays visible in the private
    // /tmp: its top folder there is bind-mounted back in, from a handle opened before.
    std::optional<fs::path> kept_in_tmp;
    int kept_fd = -1;
    for (const auto& path : {config_.root, config_.bin, config_.manifests}) {
        if (!under(path, "/tmp/")) continue;
        const auto top = fs::path("/tmp") / fs::weakly_canonical(path).lexically_relative("/tmp").begin()->string();
        if (kept_in_tmp && *kept_in_tmp != top)
            kept_in_tmp = fs::path();  // two places: give up
        else
            kept_in_tmp = top;
    }
    if (!root_) {
        not_private_why_ = "not root: /tmp and /dev/shm are shared with the rest of the machine";
    } else if (under(config_.bin, "/dev/shm/") || under(config_.root, "/dev/shm/") ||
               (kept_in_tmp && kept_in_tmp->empty())) {
        not_private_why_ = "the build or the workbook is where a private /tmp or /dev/shm would hide it";
    } else if (unshare(CLONE_NEWNS) != 0) {
        not_private_why_ = fmt::format("unshare(CLONE_NEWNS): {}", std::strerror(errno));
    } else if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
        not_private_why_ = fmt::format("mount --make-rprivate /: {}", std::strerror(errno));
    } else if (kept_in_tmp && (kept_fd = open(kept_in_tmp->c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0) {
        // (opened in the new namespace: a bind mount takes its source from there)
        not_private_why_ = fmt::format("open {}: {}", kept_in_tmp->string(), std::strerror(errno));
    } else if (mount("wb_reliability", "/tmp", "tmpfs", MS_NOSUID, "size=4g,mode=1777") != 0 ||
               mount("wb_reliability", "/dev/shm", "tmpfs", MS_NOSUID, "size=4g,mode=1777") != 0) {
        not_private_why_ = fmt::format("mount tmpfs: {}", std::strerror(errno));
    } else if (kept_fd >= 0 && (!fs::create_directories(*kept_in_tmp) ||
                                mount(fmt::format("/proc/self/fd/{}", kept_fd).c_str(), kept_in_tmp->c_str(), nullptr,
                                      MS_BIND | MS_REC, nullptr) != 0)) {
        // The namespace is already private: without the workbook in it nothing can run.
        throw std::runtime_error(
            fmt::format("cannot bind {} into the private /tmp: {}", kept_in_tmp->string(), std::strerror(errno)));
    } else {
        private_tmp_ = true;
    }
    if (kept_fd >= 0) close(kept_fd);
    if (private_tmp_) {
        base_ = "/tmp/wb_reliability";
        fs::create_directories(base_);
    } else {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/wb_reliability.XXXXXX";
        if (mkdtemp(pattern.data()) == nullptr)
            throw std::runtime_error("mkdtemp: " + std::string(std::strerror(errno)));
        base_ = pattern;
    }
    fmt::print("wb_reliability: runs in {}; {}\n", base_.string(),
               private_tmp_
                   ? "a private mount namespace with its own /tmp and /dev/shm (root)"
                   : "shared /tmp and /dev/shm (" + not_private_why_ + "): only new entries owned by this user count");
    known_shared_ = shared_entries();
}

std::vector<Program> Driver::lesson_programs() {
    std::vector<Program> programs;
    auto rows = [&](const std::string& file) {
        std::vector<std::vector<std::string>> out;
        std::ifstream in(config_.manifests / file);
        std::string line;
        while (std::getline(in, line)) {
            auto fields = split(line, '\t');
            if (!fields.empty() && fields[0] == config_.lesson) out.push_back(fields);
        }
        return out;
    };
    auto args_of = [](const std::string& text) { return text == "-" ? std::vector<std::string>{} : words(text); };
    auto ranks_of = [](const std::vector<std::string>& f, std::size_t i) {
        return i < f.size() && !f[i].empty() && f[i] != "-" ? std::stoi(f[i]) : 0;
    };
    for (const auto& f : rows("demos.tsv")) {
        if (f.size() < 3) continue;
        programs.push_back({f[1], config_.bin / f[1], Program::Kind::demo, args_of(f[2]), ranks_of(f, 3)});
    }
    for (const auto& f : rows("exercises.tsv")) {
        if (f.size() < 3) continue;
        const std::string name = f[1] + "." + f[2] + ".solution";
        programs.push_back({name, config_.bin / name, Program::Kind::solution,
                            f.size() > 5 ? args_of(f[5]) : std::vector<std::string>{}, ranks_of(f, 6)});
    }
    for (const auto& f : rows("benches.tsv")) {
        if (f.size() < 2) continue;
        programs.push_back({f[1], config_.bin / f[1], Program::Kind::bench, {}, ranks_of(f, 5)});
    }
    return programs;
}

std::vector<Program> Driver::tool_programs() {
    std::vector<Program> tools;
    for (const char* name : {"wb_grade", "wb_hint", "wb_mutate", "wb_doccheck", "wb_bench_report", "wb_mpiexec",
                             "wb_python", "wb_rank", "wb_reliability"}) {
        tools.push_back({name, config_.bin / name, Program::Kind::tool, {}, 0});
    }
    return tools;
}

// ---------------------------------------------------------------------------------------
// One run

std::unique_ptr<Folder> Driver::folder() { return std::make_unique<Folder>(base_ / fmt::format("run.{}", ++runs_)); }

std::vector<std::string> Driver::launch(const Program& p, const std::vector<std::string>& args) const {
    std::vector<std::string> argv;
    if (p.ranks > 0) { argv = {(config_.bin / "wb_mpiexec").string(), std::to_string(p.ranks)}; }
    argv.push_back(p.path.string());
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
}

Spec Driver::spec(const Program& p, const std::vector<std::string>& args, const Folder& f) const {
    Spec s;
    s.argv = launch(p, args);
    s.cwd = f.dir();
    s.env = {{"TMPDIR", f.tmp().string()}};
    return s;
}

std::set<std::string> Driver::shared_entries() const {
    std::set<std::string> found;
    for (const char* dir : {"/tmp", "/dev/shm"}) {
        for (const auto& name : entries_of(dir)) found.insert((fs::path(dir) / name).string());
    }
    return found;
}

std::vector<std::string> Driver::aftermath(const std::set<std::string>& before, const Folder& f, milliseconds grace) {
    std::vector<std::string> problems;
    if (const auto left = strays(grace); !left.empty()) {
        problems.push_back(fmt::format("left running {} s after it ended: {}",
                                       static_cast<double>(grace.count()) / 1000.0, join(left, ", ")));
    }
    std::vector<std::string> files;
    for (const auto& entry : shared_entries()) {
        if (before.count(entry) != 0 || known_shared_.count(entry) != 0) continue;
        if (fs::path(entry) == base_ || fs::path(entry) == base_.parent_path()) continue;
        if (!private_tmp_) {
            struct stat st {};
            if (lstat(entry.c_str(), &st) != 0 || st.st_uid != geteuid()) continue;
            // Another wb_mpiexec of this user, still running (a test beside this one).
            static const std::regex job(R"(.*/wb_mpiexec\.([0-9]+)\..*)");
            std::smatch m;
            if (std::regex_match(entry, m, job) && kill(std::stoi(m[1]), 0) == 0) continue;
            // The folder of another reliability test running beside this one (ctest -j):
            // that driver checks its own runs and removes it.
            if (fs::path(entry).filename().string().starts_with("wb_reliability.")) continue;
            known_shared_.insert(entry);  // reported once; not ours to remove
        } else {
            std::error_code error;
            fs::remove_all(entry, error);
        }
        files.push_back(entry);
    }
    if (!files.empty()) problems.push_back("left files outside its folder: " + shown(join(files, ", "), 200));
    if (const auto in_tmp = entries_of(f.tmp()); !in_tmp.empty()) {
        problems.push_back("left in its TMPDIR: " + shown(join(in_tmp, ", "), 200));
    }
    return problems;
}

Outcome Driver::attempt(const Program& p, const Folder& f, const std::vector<std::string>& args,
                        std::vector<std::string>& problems, const std::vector<std::pair<std::string, std::string>>& env,
                        const std::string& stdout_path, milliseconds timeout) {
    const auto before = shared_entries();
    Spec s = spec(p, args, f);
    for (const auto& e : env) s.env.push_back(e);
    s.stdout_path = stdout_path;
    s.timeout = timeout;
    const Outcome o = reliability::run(s);
    if (!o.started)
        problems.push_back(o.start_error);
    else if (o.timed_out)
        problems.push_back(describe(o));
    else if (WIFSIGNALED(o.status))
        problems.push_back(describe(o));
    const auto left = aftermath(before, f);
    problems.insert(problems.end(), left.begin(), left.end());
    return o;
}

/// Exactly one line on stderr, short, with no raw escape byte.
/// Exactly one line on stderr, short, printable, and (for a lesson program: `name` not
/// empty) beginning with the program's name, as every workbook message does.
void check_one_line(const std::string& raw_err, std::vector<std::string>& problems, const std::string& name = {}) {
    // No exception for libgomp's warnings ("libgomp: Invalid value for environment
    // variable OMP_NUM_THREADS"): the programs check OpenMP's environment before libgomp's
    // constructor reads it (common/src/cli.cpp), so its lines are a failure here too.
    // (Open MPI's own noise after a rank's early exit is dropped by wb_mpiexec.)
    const std::string& err = raw_err;
    if (!name.empty() && !err.empty() && err.rfind(name + ":", 0) != 0) {
        problems.push_back("the message does not begin with '" + name + ":'");
    }
    const int lines = count_lines(err);
    if (lines != 1) problems.push_back(fmt::format("{} lines on stderr, expected one", lines));
    if (first_line(err).size() > 400)
        problems.push_back(fmt::format("a {}-character line on stderr", first_line(err).size()));
    if (err.find('\x1b') != std::string::npos) problems.push_back("a raw escape byte on stderr");
    const auto control = std::find_if(err.begin(), err.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return (byte < 0x20 && c != '\n' && c != '\t' && c != '\x1b') || byte == 0x7f;
    });
    if (control != err.end()) {
        problems.push_back(fmt::format("a control byte \\x{:02x} on stderr", static_cast<unsigned char>(*control)));
    }
}

/// The name a program's messages begin with: a lesson program's own; none for the tools,
/// whose wrappers pass on other programs' messages (python3's, Open MPI's).
std::string speaker(const Program& p) { return p.kind == Program::Kind::tool ? std::string() : p.name; }

std::string said(const Outcome& o) {
    std::string text = describe(o);
    if (o.started && o.seconds >= 1.0) text += fmt::format(" after {:.1f} s", o.seconds);
    if (!o.err.empty()) text += ": " + shown(o.err, 140);
    return text;
}

// ---------------------------------------------------------------------------------------
// The cases

std::optional<Help> Driver::help_case(const Program& p, const std::vector<std::string>& base) {
    auto f = folder();
    std::vector<std::string> problems;
    std::vector<std::string> args = base;
    args.push_back("--help");
    const Outcome o = attempt(p, *f, args, problems);
    if (o.started && !o.timed_out && WIFEXITED(o.status) && WEXITSTATUS(o.status) != 0) {
        problems.push_back(fmt::format("exit {}, expected 0", WEXITSTATUS(o.status)));
    }
    if (o.started && o.out.empty()) problems.push_back("nothing on stdout");
    report_.result(p.name, "--help", problems, said(o));
    if (!o.started) return std::nullopt;
    return parse_help(o.out);
}

void Driver::refusal_case(const Program& p, const std::string& what, const std::vector<std::string>& args,
                          const std::vector<std::pair<std::string, std::string>>& env) {
    auto f = folder();
    std::vector<std::string> problems;
    const Outcome o = attempt(p, *f, args, problems, env);
    if (o.started && !o.timed_out && WIFEXITED(o.status) && WEXITSTATUS(o.status) != 2) {
        problems.push_back(fmt::format("exit {}, expected 2", WEXITSTATUS(o.status)));
    }
    if (o.started && !o.timed_out) check_one_line(o.err, problems, speaker(p));
    report_.result(p.name, what, problems, said(o));
}

const std::string hostile_text = "two\nlines\x1b[31mred";

/// How long a case that writes a file may take (the demo's own work, then the write).
constexpr milliseconds output_timeout = 20s;

/// Cheaper arguments for the cases that need a whole run but not the demo's real work
/// (output files, TMPDIR): the demo's own arguments otherwise.
const std::map<std::string, std::vector<std::string>> quick_args = {
    {"09_signal.fft_threads", {"--n", "1024", "--threads", "1", "--repeats", "1"}},
};

/// Whether the program links libgomp (it then reads OMP_NUM_THREADS as its thread count).
bool uses_openmp(const fs::path& program) {
    const std::string bytes = read_text(program);
    return bytes.find("libgomp.so") != std::string::npos;
}

void Driver::bad_argument_cases(const Program& p, const std::vector<std::string>& base) {
    // The case's argument first: an option at the end of `base` that takes several
    // values (wb_grade's --run) would take it as one of them.
    auto with = [&](std::vector<std::string> args) {
        args.insert(args.end(), base.begin(), base.end());
        return args;
    };
    refusal_case(p, "unknown flag --frobnicate", with({"--frobnicate"}));
    refusal_case(p, "an argument with a newline and an escape byte", with({hostile_text}));
    refusal_case(p, "a 100 kB argument", with({std::string(100'000, 'x')}));
}

void Driver::numeric_cases(const Program& p, const Help& h, const std::vector<std::string>& base) {
    for (const auto& option : h.numeric) {
        std::vector<std::pair<std::string, std::string>> values = {{"nan", "nan"},
                                                                   {"inf", "inf"},
                                                                   {"-inf", "-inf"},
                                                                   {"1e400", "1e400"},
                                                                   {"empty", ""},
                                                                   {"below", number_text(option.low - 1)},
                                                                   {"control bytes", "4\n\x1b[31m"}};
        if (option.high) values.push_back({"above", number_text(*option.high + 1)});
        for (const auto& [label, value] : values) {
            std::vector<std::string> args = {option.name + "=" + value};
            args.insert(args.end(), base.begin(), base.end());
            const std::string range = option.high
                                          ? fmt::format("{} to {}", number_text(option.low), number_text(*option.high))
                                          : fmt::format("at least {}", number_text(option.low));
            refusal_case(p, fmt::format("{}={} ({}; range {})", option.name, shown(value, 20), label, range), args);
        }
    }
}

void Driver::environment_cases(const Program& p, const std::vector<std::string>& args, bool all, const Help* help) {
    std::vector<std::pair<std::string, std::string>> cases = {{"OMP_NUM_THREADS", "100000"}};
    if (all) {
        cases.push_back({"OMP_NUM_THREADS", "99999999999"});
        cases.push_back({"OMP_NUM_THREADS", "abc"});
        cases.push_back({"OMP_NUM_THREADS", "0"});
        cases.push_back({"OMP_STACKSIZE", "100G"});
        // Set but empty (a variable of the batch system that is not set here), and a
        // setting mistyped: libgomp would warn and run anyway, on every core, or on the host.
        cases.push_back({"OMP_NUM_THREADS", ""});
        cases.push_back({"OMP_TARGET_OFFLOAD", "mandtory"});
    }
    // An OpenMP program takes its thread count from OMP_NUM_THREADS as from --threads: the
    // environment may not give what the option refuses.
    for (const auto& [name, value] : cases) {
        refusal_case(p, fmt::format("environment {}={}", name, value), args, {{name, value}});
    }
    if (help != nullptr && uses_openmp(p.path)) {
        for (const auto& option : help->numeric) {
            if (option.name != "--threads" || !option.high) continue;
            // Without --threads on the command line, so that the environment's count is used.
            std::vector<std::string> without;
            for (std::size_t i = 0; i < args.size(); ++i) {
                if (args[i] == "--threads")
                    ++i;
                else if (args[i].rfind("--threads=", 0) != 0)
                    without.push_back(args[i]);
            }
            const std::string value = number_text(*option.high + 1);
            refusal_case(
                p, fmt::format("environment OMP_NUM_THREADS={} (--threads refuses it; no --threads given)", value),
                without, {{"OMP_NUM_THREADS", value}});
        }
    }
}

void Driver::tmpdir_case(const Program& p, const std::vector<std::string>& args) {
    // A TMPDIR that a shell would read as commands: nothing may run it.
    auto f = folder();
    const fs::path tmpdir = f->dir() / "t;touch pwned;#";
    fs::create_directories(tmpdir);
    std::vector<std::string> problems;
    const Outcome o = attempt(p, *f, args, problems, {{"TMPDIR", tmpdir.string()}}, {}, output_timeout);
    for (const auto& place : {f->dir(), tmpdir, f->dir() / "t"}) {
        if (fs::exists(place / "pwned"))
            problems.push_back("ran a command from TMPDIR: " + (place / "pwned").string() + " exists");
    }
    if (const auto left = entries_of(tmpdir); !left.empty())
        problems.push_back("left in its TMPDIR: " + shown(join(left, ", "), 200));
    if (o.started && !o.timed_out && !(WIFEXITED(o.status) && WEXITSTATUS(o.status) == 0))
        check_one_line(o.err, problems, speaker(p));
    report_.result(p.name, "TMPDIR with shell metacharacters ('t;touch pwned;#')", problems, said(o));
}

void Driver::full_stdout_case(const Program& p, const std::vector<std::string>& args) {
    auto f = folder();
    std::vector<std::string> problems;
    const Outcome o = attempt(p, *f, args, problems, {}, "/dev/full", 120s);
    if (o.started && !o.timed_out && WIFEXITED(o.status) && WEXITSTATUS(o.status) == 0) {
        problems.push_back("exit 0: its output was lost without a word");
    } else if (o.started && !o.timed_out) {
        check_one_line(o.err, problems, speaker(p));
    }
    report_.result(p.name,
                   fmt::format("stdout on /dev/full ({})", args.empty() ? "no arguments" : shown(join(args, " "), 60)),
                   problems, said(o));
}

std::vector<std::string> Driver::own_args(const Program& p, const Help& h) const {
    std::vector<std::string> args = p.args;
    // An output file of the demo's own command line goes into the run's folder instead.
    for (const auto& out : h.outputs) {
        for (std::size_t i = 0; i + 1 < args.size(); ++i) {
            if (args[i] == out.name) args[i + 1] = fs::path(args[i + 1]).filename().string();
        }
    }
    return args;
}

void Driver::output_cases(const Program& p, const std::string& what,
                          const std::function<std::vector<std::string>(const std::string&)>& args_for, bool also_read) {
    auto refused = [&](const Outcome& o, std::vector<std::string>& problems) {
        if (!o.started || o.timed_out || WIFSIGNALED(o.status)) return;
        if (WIFEXITED(o.status) && WEXITSTATUS(o.status) == 0)
            problems.push_back("exit 0, expected a refusal");
        else
            check_one_line(o.err, problems, speaker(p));
    };
    auto fine_or_refused = [&](const Outcome& o, std::vector<std::string>& problems) {
        if (!o.started || o.timed_out || WIFSIGNALED(o.status)) return;
        if (!(WIFEXITED(o.status) && WEXITSTATUS(o.status) == 0)) check_one_line(o.err, problems, speaker(p));
    };
    auto stays_device = [](const fs::path& path, unsigned maj, unsigned min, std::vector<std::string>& problems) {
        struct stat st {};
        if (lstat(path.c_str(), &st) != 0 || !S_ISCHR(st.st_mode) || major(st.st_rdev) != maj ||
            minor(st.st_rdev) != min) {
            problems.push_back(
                fmt::format("the device {} was replaced: it is now {}", path.filename().string(), what_is(path)));
        }
    };

    // Devices: /dev/null's and /dev/full's numbers, made here, never the machine's own.
    const std::vector<std::tuple<std::string, unsigned, unsigned, bool>> devices = {
        {"null", 1, 3, false}, {"full", 1, 7, true}, {"zero", 1, 5, false}};
    for (const auto& [name, maj, min, must_fail] : devices) {
        if (name == "zero" && !also_read) continue;  // /dev/zero matters where the file is read
        if (name == "full" && also_read) continue;   // ... and reads like /dev/zero
        const std::string label = fmt::format("{} on a character device like /dev/{} (mknod)", what, name);
        if (!root_) {
            report_.skip(p.name, label, "mknod needs root");
            continue;
        }
        auto f = folder();
        const fs::path node = f->dir() / name;
        if (mknod(node.c_str(), S_IFCHR | 0666, makedev(maj, min)) != 0) {
            report_.skip(p.name, label, fmt::format("mknod: {}", std::strerror(errno)));
            continue;
        }
        std::vector<std::string> problems;
        const Outcome o = attempt(p, *f, args_for(name), problems, {}, {}, output_timeout);
        if (must_fail || name == "zero")
            refused(o, problems);
        else
            fine_or_refused(o, problems);
        stays_device(node, maj, min, problems);
        report_.result(p.name, label, problems, said(o));
    }

    // A FIFO (not for a file that is read first: opening a FIFO to read waits for a writer).
    if (!also_read) {
        auto f = folder();
        const fs::path fifo = f->dir() / "fifo";
        const std::string label = what + " on a FIFO";
        if (mkfifo(fifo.c_str(), 0644) != 0) {
            report_.skip(p.name, label, fmt::format("mkfifo: {}", std::strerror(errno)));
        } else {
            const int reader = open(fifo.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
            std::vector<std::string> problems;
            const auto before = shared_entries();
            Spec s = spec(p, args_for("fifo"), *f);
            s.timeout = output_timeout;
            std::string error;
            Child child = start(s, error);
            Outcome o;
            if (child.pid < 0) {
                o.start_error = error;
                problems.push_back(error);
            } else {
                child.drains.push_back(reader);
                o = finish(child, child.started + s.timeout);
                if (o.timed_out || WIFSIGNALED(o.status)) problems.push_back(describe(o));
            }
            close(reader);
            const auto left = aftermath(before, *f);
            problems.insert(problems.end(), left.begin(), left.end());
            fine_or_refused(o, problems);
            struct stat st {};
            if (lstat(fifo.c_str(), &st) != 0 || !S_ISFIFO(st.st_mode)) {
                problems.push_back("the FIFO was replaced: it is now " + what_is(fifo));
            }
            report_.result(p.name, label, problems, said(o));
        }
    }

    // A symbolic link: followed, its target written, the link kept. Where the file is read
    // first, the link dangles (a file that is not the program's own would be read).
    {
        auto f = folder();
        const std::string label = what + " through a symbolic link";
        const fs::path link = f->dir() / "link.txt", target = f->dir() / "real.txt";
        if (!also_read) write_text(target, "old\n");
        fs::create_symlink("real.txt", link);
        std::vector<std::string> problems;
        const Outcome o = attempt(p, *f, args_for("link.txt"), problems, {}, {}, output_timeout);
        if (o.started && !o.timed_out && !(WIFEXITED(o.status) && WEXITSTATUS(o.status) == 0)) {
            problems.push_back(describe(o) + ", expected 0");
        }
        if (!fs::is_symlink(fs::symlink_status(link))) {
            problems.push_back("the link was replaced: it is now " + what_is(link));
        } else if (!fs::exists(target) || read_text(target).empty() || read_text(target) == "old\n") {
            problems.push_back("the link's target did not get the data (it is " + what_is(target) + ")");
        }
        report_.result(p.name, label, problems, said(o));
    }

    // A folder, and a folder that does not exist.
    {
        auto f = folder();
        const std::string label = what + " on a folder";
        fs::create_directory(f->dir() / "dir");
        std::vector<std::string> problems;
        const Outcome o = attempt(p, *f, args_for("dir"), problems, {}, {}, output_timeout);
        refused(o, problems);
        if (!fs::is_directory(fs::symlink_status(f->dir() / "dir")))
            problems.push_back("the folder was replaced");
        else if (!entries_of(f->dir() / "dir").empty())
            problems.push_back("wrote into the folder: " + join(entries_of(f->dir() / "dir"), ", "));
        report_.result(p.name, label, problems, said(o));
    }
    {
        // Under a regular file: no folder can be made there (like /proc/x/y).
        auto f = folder();
        const std::string label = what + " under a regular file (file.txt/out.txt)";
        write_text(f->dir() / "file.txt", "old\n");
        std::vector<std::string> problems;
        const Outcome o = attempt(p, *f, args_for("file.txt/out.txt"), problems, {}, {}, output_timeout);
        refused(o, problems);
        if (read_text(f->dir() / "file.txt") != "old\n")
            problems.push_back("file.txt is now " + what_is(f->dir() / "file.txt"));
        report_.result(p.name, label, problems, said(o));
    }

    // A full filesystem: a 64 KiB tmpfs, filled up.
    for (const bool existing : {true, false}) {
        if (existing && also_read) continue;  // an existing file would be read, not written
        const std::string label = fmt::format("{} on a full filesystem ({})", what,
                                              existing ? "replacing a file, which must stay as it was" : "a new file");
        if (!private_tmp_) {
            report_.skip(p.name, label,
                         "mounting a small tmpfs needs root and a private mount namespace (" + not_private_why_ + ")");
            continue;
        }
        auto f = folder();
        const fs::path mnt = f->dir() / "full";
        fs::create_directory(mnt);
        if (mount("wb_reliability_full", mnt.c_str(), "tmpfs", MS_NOSUID, "size=64k") != 0) {
            report_.skip(p.name, label, fmt::format("mount tmpfs: {}", std::strerror(errno)));
            continue;
        }
        f->mounted(mnt);
        if (existing) write_text(mnt / "out.txt", "old\n");
        {
            const int fd = open((mnt / "filler").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
            const std::string block(4096, 'f');
            while (fd >= 0 && write(fd, block.data(), block.size()) > 0) {}
            while (fd >= 0 && write(fd, "f", 1) > 0) {}
            if (fd >= 0) close(fd);
        }
        const auto before = entries_of(mnt);
        std::vector<std::string> problems;
        const Outcome o =
            attempt(p, *f, args_for(existing ? "full/out.txt" : "full/new.txt"), problems, {}, {}, output_timeout);
        refused(o, problems);
        if (o.started && !o.timed_out && o.err.find("No space left on device") == std::string::npos &&
            !(WIFEXITED(o.status) && WEXITSTATUS(o.status) == 0)) {
            problems.push_back("the message does not say 'No space left on device'");
        }
        if (existing && read_text(mnt / "out.txt") != "old\n") {
            problems.push_back("the file that was there is now " + what_is(mnt / "out.txt") + ", not as it was");
        }
        if (const auto after = entries_of(mnt); after != before) {
            problems.push_back("left on the full filesystem: " + join(after, ", ") + " (was: " + join(before, ", ") +
                               ")");
        }
        report_.result(p.name, label, problems, said(o));
    }
}

void Driver::program_cases(const Program& p) {
    if (!fs::exists(p.path)) {
        report_.fail(p.name, "built", "the manifest lists it but " + p.path.string() + " does not exist");
        return;
    }
    const auto help = help_case(p);
    if (!help) return;
    if (p.ranks > 0) {
        if (!fs::exists(config_.bin / "wb_mpiexec")) {
            report_.skip(p.name, "MPI cases", "no bin/wb_mpiexec: MPI was not found at configure time");
            return;
        }
        // An MPI launch costs ~1 s: the few cases that matter most.
        refusal_case(p, "unknown flag --frobnicate", {"--frobnicate"});
        if (p.kind == Program::Kind::bench) {
            environment_cases(p, {"--benchmark_list_tests=true"}, false);
            full_stdout_case(p, {"--benchmark_list_tests=true"});
        } else {
            environment_cases(p, own_args(p, *help), false);
            full_stdout_case(p, own_args(p, *help));
        }
        return;
    }
    bad_argument_cases(p);
    if (p.kind == Program::Kind::bench) {
        // Google Benchmark's flags are its own; --benchmark_list_tests names the benchmarks
        // without running them.
        environment_cases(p, {"--benchmark_list_tests=true"}, true);
        full_stdout_case(p, {"--benchmark_list_tests=true"});
        return;
    }
    numeric_cases(p, *help);
    const auto own = own_args(p, *help);
    environment_cases(p, own, true, &*help);
    full_stdout_case(p, own);
    const auto quick = quick_args.find(p.name);
    const auto args = quick == quick_args.end() ? own : quick->second;
    tmpdir_case(p, args);
    for (const auto& out : help->outputs) {
        output_cases(
            p, out.name, [&](const std::string& path) { return with_option(args, out.name, path); }, out.also_read);
    }
}

// ---------------------------------------------------------------------------------------
// Faults: MPI

/// A run of each MPI lesson that lasts long enough to be hurt (about a minute undisturbed).
struct LongMpiRun {
    std::string lesson, program;
    std::vector<std::string> args;
};
const std::vector<LongMpiRun> long_mpi_runs = {
    {"06", "06_mpi.deadlock", {"--patience", "60"}},
    {"07", "07_mpi_pool.master_worker", {"--tasks", "600", "--work-ms", "100"}},
    {"11", "11_scaling.rank_sweep", {"--points", "20000", "--steps", "10000000", "--repeats", "1"}},
    {"12", "12_cluster.hybrid_pi", {"--n", "100000000000"}},
};

/// The rank processes of a job (the program itself, under wb_rank), by rank.
std::map<int, pid_t> ranks_of(const fs::path& program) {
    std::map<int, pid_t> found;
    for (const auto& p : ours()) {
        if (exe_of(p.pid) != program.string()) continue;
        const auto rank = env_of(p.pid, "OMPI_COMM_WORLD_RANK");
        if (rank) found[std::stoi(*rank)] = p.pid;
    }
    return found;
}

void Driver::mpi_faults(const std::vector<Program>& programs) {
    const bool any_mpi = std::any_of(programs.begin(), programs.end(), [](const Program& p) { return p.ranks > 0; });
    if (!any_mpi) return;
    const auto chosen = std::find_if(long_mpi_runs.begin(), long_mpi_runs.end(),
                                     [&](const LongMpiRun& r) { return r.lesson == config_.lesson; });
    if (chosen == long_mpi_runs.end()) {
        report_.skip("lesson " + config_.lesson, "a killed rank, a killed mpiexec",
                     "no long-running MPI program named for this lesson");
        return;
    }
    Program p{chosen->program, config_.bin / chosen->program, Program::Kind::demo, chosen->args, 2};
    const std::string command = fmt::format("wb_mpiexec 2 {} {}", p.name, join(p.args, " "));
    for (const bool kill_launcher : {false, true}) {
        const std::string label = kill_launcher ? "mpiexec killed with SIGKILL (" + command + ")"
                                                : "rank 1 killed with SIGKILL (" + command + ")";
        auto f = folder();
        const auto before = shared_entries();
        Spec s = spec(p, p.args, *f);
        std::string error;
        Child child = start(s, error);
        if (child.pid < 0) {
            report_.fail(p.name, label, error);
            continue;
        }
        std::vector<std::string> problems;
        // Wait for both ranks, then a moment for MPI_Init.
        std::map<int, pid_t> ranks;
        const auto until = Clock::now() + 20s;
        while (Clock::now() < until && !pump(child, 100ms)) {
            ranks = ranks_of(p.path);
            if (ranks.size() == 2) break;
        }
        pid_t victim = 0;
        if (ranks.size() != 2) {
            problems.push_back(fmt::format("the job's 2 ranks did not appear in 20 s ({} found; {})", ranks.size(),
                                           child.exited ? "it ended: " + shown(child.err, 200) : "still running"));
        } else {
            pump(child, 700ms);
            if (kill_launcher) {
                for (const auto& q : ours()) {
                    if (q.comm == "mpiexec" || q.comm == "mpirun" || q.comm == "orterun" || q.comm == "prterun")
                        victim = q.pid;
                }
                if (victim == 0) problems.push_back("no mpiexec process found among the job's processes");
            } else {
                victim = ranks[1];
            }
        }
        if (victim != 0) kill(victim, SIGKILL);
        const Outcome o = finish(child, Clock::now() + (victim != 0 ? 15s : 0s));
        if (o.timed_out && victim != 0) problems.push_back("the job was still running 15 s after the kill");
        if (victim != 0 && !kill_launcher && !o.timed_out) {
            if (WIFEXITED(o.status) && WEXITSTATUS(o.status) == 0) problems.push_back("exit 0 after a rank was killed");
            static const std::regex names_rank(R"(\brank 1\b)");
            if (!std::regex_search(o.err, names_rank)) problems.push_back("stderr does not name rank 1");
        }
        const auto left = aftermath(before, *f, 5s);
        problems.insert(problems.end(), left.begin(), left.end());
        report_.result(p.name, label, problems, said(o));
    }
}

// ---------------------------------------------------------------------------------------
// Faults: lesson 04's ProcessPool

/// The pool's workers: processes whose parent is `parent`.
std::vector<pid_t> workers_of(pid_t parent) {
    std::vector<pid_t> found;
    for (const auto& p : ours()) {
        if (p.ppid == parent) found.push_back(p.pid);
    }
    return found;
}

void Driver::pool_faults(const std::vector<Program>& programs) {
    auto find = [&](const std::string& name) -> const Program* {
        for (const auto& p : programs) {
            if (p.name == name && fs::exists(p.path)) return &p;
        }
        return nullptr;
    };
    const Program* tour = find("04_pools.pool_tour");
    const Program* bench = find("04_pools.pool_bench");

    // Starts pool_tour's ProcessPool part with a 30 s sleeper; returns once the workers are
    // up and the sleeper has started (the other worker idles).
    auto start_tour = [&](const Folder& f, std::vector<std::string>& problems, std::vector<pid_t>& workers,
                          std::optional<uid_t> as_user = std::nullopt,
                          std::optional<unsigned long> limit = std::nullopt) {
        Spec s = spec(*tour, {"--pool", "process", "--workers", "2", "--sleep", "30", "--patience", "5"}, f);
        if (as_user) {
            // The other user may not reach the build folder (a clone in root's private home,
            // as on a fresh Debian): it runs a copy of the program from its own folder.
            const fs::path copy = f.dir() / fs::path(s.argv[0]).filename();
            std::error_code copied;
            fs::copy_file(s.argv[0], copy, fs::copy_options::overwrite_existing, copied);
            if (copied || chown(copy.c_str(), *as_user, *as_user) != 0 || chmod(copy.c_str(), 0755) != 0) {
                problems.push_back(fmt::format("cannot copy {} for the other user: {}", s.argv[0],
                                               copied ? copied.message() : std::strerror(errno)));
                return Child{};
            }
            s.argv[0] = copy.string();
        }
        s.as_user = as_user;
        s.process_limit = limit;
        std::string error;
        Child child = start(s, error);
        if (child.pid < 0) {
            problems.push_back(error);
            return child;
        }
        const auto until = Clock::now() + 15s;
        while (Clock::now() < until && !pump(child, 100ms)) {
            workers = workers_of(child.pid);
            const bool sleeping = std::any_of(workers.begin(), workers.end(), [](pid_t w) { return in_sleep(w); });
            const bool long_enough = Clock::now() - child.started > 3s;  // no sleep seen: any worker will do
            if (workers.size() == 2 && child.out.find("ProcessPool") != std::string::npos && (sleeping || long_enough))
                break;
        }
        if (workers.size() != 2) {
            problems.push_back(fmt::format("the pool's 2 workers did not appear in 15 s ({})",
                                           child.exited ? "it ended: " + shown(child.err, 200) : "still running"));
        }
        return child;
    };
    auto sleeper_first = [](std::vector<pid_t> workers) {
        std::stable_partition(workers.begin(), workers.end(), [](pid_t w) { return in_sleep(w); });
        return workers;
    };

    if (tour != nullptr) {
        // A worker killed while it runs a task: only that task fails.
        {
            const std::string label =
                "ProcessPool worker killed with SIGKILL while it sleeps (--pool process --sleep 30)";
            auto f = folder();
            const auto before = shared_entries();
            std::vector<std::string> problems;
            std::vector<pid_t> workers;
            Child child = start_tour(*f, problems, workers);
            Outcome o;
            if (child.pid >= 0) {
                if (!workers.empty()) kill(sleeper_first(workers).front(), SIGKILL);
                o = finish(child, Clock::now() + 15s);
                if (o.timed_out || WIFSIGNALED(o.status))
                    problems.push_back(describe(o));
                else if (WEXITSTATUS(o.status) != 0)
                    check_one_line(o.err, problems, tour->name);
                if (o.err.find("terminate called") != std::string::npos) problems.push_back("std::terminate");
            }
            const auto left = aftermath(before, *f);
            problems.insert(problems.end(), left.begin(), left.end());
            report_.result(tour->name, label, problems, said(o));
        }
        // Signals to the pool's parent: it ends, and no worker outlives it.
        for (const auto& [signal, name] :
             std::vector<std::pair<int, std::string>>{{SIGTERM, "SIGTERM"}, {SIGINT, "SIGINT"}, {SIGHUP, "SIGHUP"}}) {
            const std::string label = name + " to the pool's parent while a worker sleeps";
            auto f = folder();
            const auto before = shared_entries();
            std::vector<std::string> problems;
            std::vector<pid_t> workers;
            Child child = start_tour(*f, problems, workers);
            Outcome o;
            if (child.pid >= 0) {
                kill(child.pid, signal);
                o = finish(child, Clock::now() + 10s);
                if (o.timed_out) problems.push_back(fmt::format("still running 10 s after {}", name));
            }
            // Its workers must end with it: whatever is left 3 s later is reported here.
            const auto left = aftermath(before, *f, 3s);
            problems.insert(problems.end(), left.begin(), left.end());
            report_.result(tour->name, label, problems, said(o));
        }
        // A fork that fails while the pool replaces a killed worker (RLIMIT_NPROC, as
        // another user): the pool must not abort, and no worker may be orphaned.
        {
            const std::string label = "fork fails (RLIMIT_NPROC) while the pool replaces a killed worker";
            if (!root_) {
                report_.skip(tour->name, label, "needs root (runs the pool as another user with a process limit)");
            } else {
                auto f = folder();
                const uid_t user = 61000 + static_cast<uid_t>(getpid() % 1000);
                chown(f->dir().c_str(), user, user);
                chown(f->tmp().c_str(), user, user);
                const auto before = shared_entries();
                std::vector<std::string> problems;
                std::vector<pid_t> workers;
                // The pool starts under a limit of 16 tasks for its user; once it is up,
                // sleeping processes of that user fill the rest, so that replacing a killed
                // worker is one task too many.
                constexpr unsigned long limit = 16;
                Child child = start_tour(*f, problems, workers, user, limit);
                std::vector<pid_t> fillers;
                Outcome o;
                if (child.pid >= 0) {
                    if (workers.size() == 2) {
                        const long tasks = tasks_of_user(user);
                        for (long k = tasks; k <= static_cast<long>(limit); ++k) {
                            if (const pid_t filler = start_filler(user); filler > 0) fillers.push_back(filler);
                        }
                        std::this_thread::sleep_for(100ms);
                        auto order = sleeper_first(workers);
                        kill(order.back(), SIGKILL);  // the idle one: the sleeper stays
                        pump(child, 500ms);
                        for (const pid_t w : workers_of(child.pid)) {
                            if (std::find(workers.begin(), workers.end(), w) == workers.end()) {
                                problems.push_back(
                                    "the case did not hold: the replacement worker was forked despite the limit");
                                break;
                            }
                        }
                    }
                    o = finish(child, Clock::now() + 20s);
                    if (o.timed_out || WIFSIGNALED(o.status))
                        problems.push_back(describe(o));
                    else if (WEXITSTATUS(o.status) != 0)
                        check_one_line(o.err, problems, tour->name);
                    if (o.err.find("terminate called") != std::string::npos) problems.push_back("std::terminate");
                }
                for (const pid_t filler : fillers) {
                    kill(filler, SIGKILL);
                    waitpid(filler, nullptr, 0);
                }
                const auto left = aftermath(before, *f);
                problems.insert(problems.end(), left.begin(), left.end());
                report_.result(tour->name, label, problems, said(o));
            }
        }
    }
    if (bench != nullptr) {
        const std::string label =
            "every ProcessPool worker killed with SIGKILL, 3 times, during BM_processpool_round_trip";
        auto f = folder();
        const auto before = shared_entries();
        std::vector<std::string> problems;
        Spec s =
            spec(*bench, {"--benchmark_filter=BM_processpool_round_trip", "--benchmark_min_time=4" BENCH_SECONDS}, *f);
        std::string error;
        Child child = start(s, error);
        Outcome o;
        if (child.pid < 0) {
            problems.push_back(error);
        } else {
            std::vector<pid_t> workers;
            const auto until = Clock::now() + 15s;
            while (Clock::now() < until && !pump(child, 100ms)) {
                workers = workers_of(child.pid);
                if (workers.size() >= 2) break;
            }
            if (workers.empty()) {
                problems.push_back("no worker appeared in 15 s");
            } else {
                // Every worker, three times: a task is then surely running in one of them.
                for (int round = 0; round < 3 && !child.exited; ++round) {
                    pump(child, 300ms);
                    for (const pid_t w : workers_of(child.pid)) kill(w, SIGKILL);
                }
            }
            o = finish(child, Clock::now() + 60s);
            if (o.timed_out || WIFSIGNALED(o.status)) problems.push_back(describe(o));
            if (o.err.find("terminate called") != std::string::npos) problems.push_back("std::terminate");
        }
        const auto left = aftermath(before, *f);
        problems.insert(problems.end(), left.begin(), left.end());
        std::string last = o.err;
        while (!last.empty() && last.back() == '\n') last.pop_back();
        last = last.substr(last.rfind('\n') == std::string::npos ? 0 : last.rfind('\n') + 1);
        report_.result(bench->name, label, problems, describe(o) + (last.empty() ? "" : ": " + shown(last, 140)));
    }
}

// ---------------------------------------------------------------------------------------
// The tools

void Driver::tool_cases(const Program& p) {
    if (!fs::exists(p.path)) {
        report_.skip(p.name, "all cases", p.path.string() + " is not built here");
        return;
    }
    const std::string root = config_.root.string();
    const std::string bin = config_.bin.string();
    if (p.name == "wb_grade" || p.name == "wb_hint" || p.name == "wb_reliability") {
        // A valid command line, so that a bad value is refused for itself.
        std::vector<std::string> base;
        if (p.name == "wb_grade") {
            // Its cases grade lesson 01's greet: not there in a build of other lessons only.
            if (!fs::exists(bin + "/01_threads.greet.solution")) {
                report_.skip(p.name, "all cases", "they grade 01_threads.greet, which this build does not make");
                return;
            }
            base = {"--name",     "01_threads.greet",
                    "--expected", bin + "/01_threads.greet.solution",
                    "--actual",   bin + "/01_threads.greet.solution",
                    "--source",   root + "/solutions/01_threads/greet.cpp",
                    "--hints",    root + "/exercises/01_threads/hints.md",
                    "--root",     root,
                    "--rules",    "unordered",
                    "--run",      "<no arguments>"};
        } else if (p.name == "wb_hint") {
            base = {"--hints", root + "/exercises/01_threads/hints.md"};
        } else {
            base = {"--bin", bin, "--manifests", config_.manifests.string(), "--root", root};
        }
        const auto help = help_case(p);
        if (!help) return;
        bad_argument_cases(p, base);
        if (p.name == "wb_reliability") return;
        numeric_cases(p, *help, base);
        // No OpenMP environment cases: the tools run no OpenMP code of their own.
        full_stdout_case(p, base);
        for (const auto& out : help->outputs) {
            output_cases(
                p, out.name, [&](const std::string& path) { return with_option(base, out.name, path); }, out.also_read);
        }
        if (p.name == "wb_grade") {
            output_cases(
                p, "--status-file", [&](const std::string& path) { return with_option(base, "--status-file", path); },
                false);
        }
        return;
    }
    if (p.name == "wb_mutate") {
        help_case(p);
        const std::string spec_file = root + "/tests/mutants/01_threads/greet.never_joined.mutant";
        const std::string source = root + "/solutions/01_threads/greet.cpp";
        refusal_case(p, "unknown flag --frobnicate", {"--frobnicate"});
        refusal_case(p, "a spec named with a newline and an escape byte", {hostile_text, source, "out.cpp"});
        refusal_case(p, "a 100 kB spec name", {std::string(100'000, 'x'), source, "out.cpp"});
        output_cases(
            p, "OUTPUT.cpp",
            [&](const std::string& path) {
                return std::vector<std::string>{spec_file, source, path};
            },
            false);
        return;
    }
    if (p.name == "wb_doccheck") {
        help_case(p);
        refusal_case(p, "unknown flag --frobnicate", {"--frobnicate"});
        refusal_case(p, "a README named with a newline and an escape byte", {bin, hostile_text});
        refusal_case(p, "a 100 kB README name", {bin, std::string(100'000, 'x')});
        return;
    }
    if (p.name == "wb_bench_report") {
        help_case(p);
        refusal_case(p, "unknown flag --frobnicate", {"--frobnicate"});
        refusal_case(p, "no --cpp", {});
        refusal_case(p, "a file named with a newline and an escape byte", {"--cpp", hostile_text});
        refusal_case(p, "a 100 kB file name", {"--cpp", std::string(100'000, 'x')});
        refusal_case(p, "a --name that is a path", {"--cpp", "x.json", "--name", "../up"});
        refusal_case(p, "a --plots folder that does not exist", {"--cpp", "x.json", "--plots", "/nonexistent/dir"});
        return;
    }
    if (p.name == "wb_mpiexec") {
        help_case(p);
        refusal_case(p, "rank count 'abc'", {"abc", bin + "/wb_rank"});
        refusal_case(p, "rank count 0", {"0", bin + "/wb_rank"});
        refusal_case(p, "a rank count with a newline and an escape byte", {hostile_text, bin + "/wb_rank"});
        refusal_case(p, "a 100 kB rank count", {std::string(100'000, '1'), bin + "/wb_rank"});
        refusal_case(p, "a program that does not exist", {"2", "/nonexistent/prog"});
        refusal_case(p, "a program named with a newline and an escape byte", {"2", hostile_text});
        refusal_case(p, "a 100 kB program name", {"2", std::string(100'000, 'x')});
        return;
    }
    if (p.name == "wb_python") {
        help_case(p);
        refusal_case(p, "no arguments", {});
        refusal_case(p, "a script that does not exist", {"/nonexistent/script.py"});
        refusal_case(p, "a script named with a newline and an escape byte", {hostile_text});
        return;
    }
    if (p.name == "wb_rank") {
        help_case(p);
        refusal_case(p, "no arguments", {});
        auto f = folder();
        for (const auto& [what, program] : std::vector<std::pair<std::string, std::string>>{
                 {"a program that does not exist", "/nonexistent/prog"},
                 {"a program named with a newline and an escape byte", hostile_text}}) {
            std::vector<std::string> problems;
            const Outcome o = attempt(p, *f, {program}, problems);
            if (o.started && !o.timed_out && WIFEXITED(o.status) && WEXITSTATUS(o.status) == 0)
                problems.push_back("exit 0");
            if (o.started && !o.timed_out) check_one_line(o.err, problems);
            report_.result(p.name, what, problems, said(o));
        }
        return;
    }
}

// ---------------------------------------------------------------------------------------

int Driver::run() {
    const auto started = Clock::now();
    // /proc/PID/exe names the real path: compare with the real path.
    std::error_code error;
    if (const auto real = fs::canonical(config_.bin, error); !error) config_.bin = real;
    isolate();
    if (!ours().empty()) {
        for (const auto& p : ours())
            fmt::print("note: pid {} ({}) is already running under this driver\n", p.pid, p.comm);
    }
    std::string scope;
    if (config_.tools) {
        scope = "reliability.tools";
        for (const auto& p : tool_programs()) tool_cases(p);
        // Test programs of the tools and the common library: GoogleTest's, by design.
        for (const char* name : {"wb_grader_test", "workbook_common_test"}) {
            if (fs::exists(config_.bin / name)) {
                fmt::print(
                    "note: {}: not probed: a GoogleTest unit-test program ignores unknown flags (GoogleTest's "
                    "behaviour); its tests run under the label unit\n",
                    name);
            }
        }
    } else {
        scope = "reliability." + config_.lesson;
        const auto programs = lesson_programs();
        if (programs.empty()) {
            report_.skip("lesson " + config_.lesson, "all cases", "the manifests list no program of this lesson");
        }
        std::set<std::string> probed;
        for (const auto& p : programs) {
            probed.insert(p.name);
            program_cases(p);
        }
        mpi_faults(programs);
        if (config_.lesson == "04") pool_faults(programs);
        // What else the build made for this lesson, and why it is not probed.
        int variants = 0;
        for (const auto& name : entries_of(config_.bin)) {
            if (name.rfind(config_.lesson + "_", 0) != 0 || probed.count(name) != 0) continue;
            static const std::regex variant(
                R"(.*\.(exercise|stub|mutant\.[a-z0-9_]+|alternative\.[a-z0-9_]+)(\.tsan)?$|.*\.solution\.tsan$)");
            if (std::regex_match(name, variant)) {
                ++variants;
            } else if (name.size() > 5 && name.compare(name.size() - 5, 5, "_test") == 0) {
                fmt::print(
                    "note: {}: not probed: a GoogleTest unit-test program ignores unknown flags (GoogleTest's "
                    "behaviour); its tests run under the label unit\n",
                    name);
            } else {
                report_.fail(name, "listed", "built in bin/ but in no manifest: the suite does not know how to run it");
            }
        }
        if (variants > 0) {
            fmt::print(
                "note: lesson {}: {} grading variants (students' stubs, mutants, alternatives, ThreadSanitizer "
                "twins) not probed: each is a solution with holes or a known change; the solutions are probed\n",
                config_.lesson, variants);
        }
    }
    fs::remove_all(base_, error);
    return report_.finish(scope, std::chrono::duration<double>(Clock::now() - started).count());
}

}  // namespace

int main(int argc, char** argv) {
    Config config;
    const std::string usage =
        "usage: wb_reliability --bin BUILD/bin --manifests BUILD/manifest --root WORKBOOK (--lesson NN | --tools)\n"
        "Tries every program of a lesson (or the workbook's tools) with hostile arguments, environment,\n"
        "output paths and faults (issue 11); one line per case, then a summary. Exit 0: all held;\n"
        "1: a case failed; 77: nothing failed, some cases need root and were skipped.\n";
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "wb_reliability: %s needs a value\n", a.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--help" || a == "-h") {
            std::fputs(usage.c_str(), stdout);
            return std::fflush(stdout) == 0 && !std::ferror(stdout) ? 0 : 1;
        } else if (a == "--bin") {
            config.bin = value();
        } else if (a == "--manifests") {
            config.manifests = value();
        } else if (a == "--root") {
            config.root = value();
        } else if (a == "--lesson") {
            config.lesson = value();
        } else if (a == "--tools") {
            config.tools = true;
        } else {
            std::fprintf(stderr, "wb_reliability: unknown argument '%s' (see --help)\n", shown(a, 60).c_str());
            return 2;
        }
    }
    if (config.bin.empty() || config.manifests.empty() || config.root.empty() ||
        (config.lesson.empty() == !config.tools)) {
        std::fprintf(stderr, "wb_reliability: needs --bin, --manifests, --root and one of --lesson NN or --tools\n");
        return 2;
    }
    try {
        return Driver(config).run();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "wb_reliability: %s\n", e.what());
        return 1;
    }
}
