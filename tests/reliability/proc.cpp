#include "proc.hpp"

#include <workbook/sys.hpp>

#include <fmt/core.h>

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

extern char** environ;

namespace reliability {
namespace {

std::string marker_entry;  // "WB_RELIABILITY_DRIVER=<pid>"

std::string slurp(const std::string& path, std::size_t max = 1 << 20) {
    std::ifstream in(path, std::ios::binary);
    std::string text;
    char buffer[8192];
    while (in && text.size() < max) {
        in.read(buffer, sizeof buffer);
        text.append(buffer, static_cast<std::size_t>(in.gcount()));
    }
    return text;
}

bool all_digits(const std::string& s) { return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos; }

void close_fd(int& fd) {
    if (fd >= 0) close(fd);
    fd = -1;
}

/// Kills every process of session `sid` and every process of ours, until none is left.
void kill_session(pid_t sid) {
    for (int round = 0; round < 200; ++round) {
        bool any = false;
        for (const auto& [pid, p] : processes()) {
            if (p.sid == sid && p.state != 'Z' && p.state != 'X') {
                kill(pid, SIGKILL);
                any = true;
            }
        }
        if (!any) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

}  // namespace

void set_marker(std::string marker) { marker_entry = std::move(marker); }

Child start(const Spec& spec, std::string& error) {
    Child child;
    int out[2] = {-1, -1}, err[2] = {-1, -1}, exec_error[2] = {-1, -1};
    if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0 || pipe2(exec_error, O_CLOEXEC) != 0) {
        error = fmt::format("pipe2: {}", std::strerror(errno));
        for (int* p : {out, err, exec_error}) {
            close_fd(p[0]);
            close_fd(p[1]);
        }
        return child;
    }
    // The environment, built before fork: no allocation in the child.
    std::vector<std::string> env_text;
    std::set<std::string> overridden;
    for (const auto& [name, value] : spec.env) overridden.insert(name);
    for (char** e = environ; *e != nullptr; ++e) {
        const std::string entry = *e;
        const std::string name = entry.substr(0, entry.find('='));
        if (name.rfind("OMP_", 0) == 0 || name.rfind("GOMP_", 0) == 0 || overridden.count(name) != 0 ||
            name == "WB_RELIABILITY_DRIVER") {
            continue;
        }
        env_text.push_back(entry);
    }
    for (const auto& [name, value] : spec.env) env_text.push_back(name + "=" + value);
    if (!marker_entry.empty()) env_text.push_back(marker_entry);
    std::vector<char*> envp;
    for (auto& e : env_text) envp.push_back(e.data());
    envp.push_back(nullptr);
    std::vector<std::string> args = spec.argv;
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const std::string cwd = spec.cwd.string();

    child.started = Clock::now();
    const pid_t pid = fork();
    if (pid < 0) {
        error = fmt::format("fork: {}", std::strerror(errno));
        for (int* p : {out, err, exec_error}) {
            close_fd(p[0]);
            close_fd(p[1]);
        }
        return child;
    }
    if (pid == 0) {
        setsid();
        auto fail = [&](int code) {
            (void)!write(exec_error[1], &code, sizeof code);
            _exit(127);
        };
        if (!cwd.empty() && chdir(cwd.c_str()) != 0) fail(errno);
        const int null_fd = open("/dev/null", O_RDONLY);
        if (null_fd < 0 || dup2(null_fd, STDIN_FILENO) < 0) fail(errno);
        if (!spec.stdout_path.empty()) {
            const int fd = open(spec.stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0) fail(errno);
        } else if (dup2(out[1], STDOUT_FILENO) < 0) {
            fail(errno);
        }
        if (dup2(err[1], STDERR_FILENO) < 0) fail(errno);
        if (spec.process_limit) {
            const rlimit limit{*spec.process_limit, *spec.process_limit};
            if (setrlimit(RLIMIT_NPROC, &limit) != 0) fail(errno);
        }
        if (spec.as_user) {
            if (setgroups(0, nullptr) != 0 || setgid(*spec.as_user) != 0 || setuid(*spec.as_user) != 0) fail(errno);
        }
        // Signals the driver ignores or blocks must not stay so in the program.
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        for (int s : {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGCHLD}) signal(s, SIG_DFL);
        execve(argv[0], argv.data(), envp.data());
        fail(errno);
    }
    close_fd(out[1]);
    close_fd(err[1]);
    close_fd(exec_error[1]);
    int exec_errno = 0;
    const ssize_t got = read(exec_error[0], &exec_errno, sizeof exec_errno);
    close_fd(exec_error[0]);
    if (got == static_cast<ssize_t>(sizeof exec_errno)) {
        waitpid(pid, nullptr, 0);
        close_fd(out[0]);
        close_fd(err[0]);
        error = fmt::format("cannot start {}: {}", spec.argv[0], std::strerror(exec_errno));
        return child;
    }
    child.pid = pid;
    child.out_fd = out[0];
    child.err_fd = err[0];
    if (!spec.stdout_path.empty()) close_fd(child.out_fd);
    return child;
}

bool pump(Child& child, milliseconds wait) {
    const auto until = Clock::now() + wait;
    while (true) {
        if (!child.exited) {
            const pid_t got = waitpid(child.pid, &child.status, WNOHANG);
            if (got == child.pid) {
                child.exited = true;
                child.exited_at = Clock::now();
            }
        }
        std::vector<pollfd> fds;
        std::vector<std::string*> sinks;
        if (child.out_fd >= 0) {
            fds.push_back({child.out_fd, POLLIN, 0});
            sinks.push_back(&child.out);
        }
        if (child.err_fd >= 0) {
            fds.push_back({child.err_fd, POLLIN, 0});
            sinks.push_back(&child.err);
        }
        for (int fd : child.drains) {
            fds.push_back({fd, POLLIN, 0});
            sinks.push_back(nullptr);
        }
        const auto now = Clock::now();
        if (now >= until) return child.exited;
        if (child.exited && child.out_fd < 0 && child.err_fd < 0) return true;
        const auto left = std::chrono::duration_cast<milliseconds>(until - now).count();
        const int ready = poll(fds.data(), fds.size(), static_cast<int>(std::min<long long>(left, 20)));
        if (ready <= 0) continue;
        for (std::size_t k = 0; k < fds.size(); ++k) {
            if (fds[k].revents == 0) continue;
            char buffer[65536];
            const ssize_t n = read(fds[k].fd, buffer, sizeof buffer);
            if (sinks[k] == nullptr) {
                if (n == 0) {  // a FIFO whose writer closed: keep it open for the next writer
                    std::this_thread::sleep_for(std::chrono::milliseconds(5));
                }
                continue;
            }
            if (n <= 0) {
                if (fds[k].fd == child.out_fd)
                    close_fd(child.out_fd);
                else
                    close_fd(child.err_fd);
                continue;
            }
            if (sinks[k]->size() < (8u << 20)) sinks[k]->append(buffer, static_cast<std::size_t>(n));
        }
    }
}

Outcome finish(Child& child, Clock::time_point deadline) {
    Outcome outcome;
    outcome.started = true;
    while (true) {
        const auto now = Clock::now();
        if (child.exited && child.out_fd < 0 && child.err_fd < 0) break;
        // Ended, but something it left holds the pipes: stop reading (the stray scan tells).
        if (child.exited && now - *child.exited_at > std::chrono::seconds(1)) break;
        if (now >= deadline) break;
        pump(child,
             std::min(milliseconds(50), std::chrono::duration_cast<milliseconds>(deadline - now) + milliseconds(1)));
    }
    if (!child.exited) {
        outcome.timed_out = true;
        kill_session(child.pid);
        waitpid(child.pid, &child.status, 0);
        child.exited = true;
        child.exited_at = Clock::now();
    }
    close_fd(child.out_fd);
    close_fd(child.err_fd);
    outcome.status = child.status;
    outcome.out = std::move(child.out);
    outcome.err = std::move(child.err);
    outcome.seconds = std::chrono::duration<double>(*child.exited_at - child.started).count();
    return outcome;
}

Outcome run(const Spec& spec) {
    std::string error;
    Child child = start(spec, error);
    if (child.pid < 0) {
        Outcome outcome;
        outcome.start_error = error;
        return outcome;
    }
    return finish(child, child.started + spec.timeout);
}

std::string describe(const Outcome& outcome) {
    if (!outcome.started) return outcome.start_error;
    if (outcome.timed_out) return fmt::format("no answer in {:.0f} s (stopped)", outcome.seconds);
    if (WIFEXITED(outcome.status)) return fmt::format("exit {}", WEXITSTATUS(outcome.status));
    return workbook::describe_wait_status(outcome.status);
}

std::map<pid_t, Proc> processes() {
    std::map<pid_t, Proc> all;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
        const auto name = entry.path().filename().string();
        if (!all_digits(name)) continue;
        const std::string stat = slurp("/proc/" + name + "/stat", 4096);
        const auto open = stat.find('(');
        const auto close = stat.rfind(')');
        if (open == std::string::npos || close == std::string::npos) continue;
        Proc p;
        p.pid = static_cast<pid_t>(std::stol(name));
        p.comm = stat.substr(open + 1, close - open - 1);
        std::istringstream fields(stat.substr(close + 1));
        long ppid = 0, pgrp = 0, sid = 0;
        if (!(fields >> p.state >> ppid >> pgrp >> sid)) continue;
        p.ppid = static_cast<pid_t>(ppid);
        p.sid = static_cast<pid_t>(sid);
        all[p.pid] = p;
    }
    return all;
}

std::vector<Proc> ours() {
    const pid_t self = getpid();
    const auto all = processes();
    std::vector<Proc> found;
    for (const auto& [pid, p] : all) {
        if (pid == self || p.state == 'Z' || p.state == 'X') continue;
        bool mine = false;
        pid_t up = p.ppid;
        for (int depth = 0; depth < 64 && up > 1; ++depth) {
            if (up == self) {
                mine = true;
                break;
            }
            const auto it = all.find(up);
            if (it == all.end()) break;
            up = it->second.ppid;
        }
        if (!mine && !marker_entry.empty()) {
            // NUL-separated NAME=value entries: look for a whole entry.
            const std::string environ_text = '\0' + slurp("/proc/" + std::to_string(pid) + "/environ", 1 << 20) + '\0';
            mine = environ_text.find('\0' + marker_entry + '\0') != std::string::npos;
        }
        if (mine) found.push_back(p);
    }
    return found;
}

void reap_orphans() {
    while (waitpid(-1, nullptr, WNOHANG) > 0) {}
}

std::vector<std::string> strays(milliseconds grace) {
    const auto until = Clock::now() + grace;
    std::vector<Proc> left;
    while (true) {
        reap_orphans();
        left = ours();
        if (left.empty()) return {};
        if (Clock::now() >= until) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::vector<std::string> described;
    for (const auto& p : left) { described.push_back(fmt::format("pid {} ({})", p.pid, shown(cmdline_of(p.pid), 80))); }
    for (int round = 0; round < 200 && !left.empty(); ++round) {
        for (const auto& p : left) kill(p.pid, SIGKILL);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        reap_orphans();
        left = ours();
    }
    return described;
}

std::string exe_of(pid_t pid) {
    std::error_code error;
    const auto target = std::filesystem::read_symlink("/proc/" + std::to_string(pid) + "/exe", error);
    return error ? std::string() : target.string();
}

std::string cmdline_of(pid_t pid) {
    std::string text = slurp("/proc/" + std::to_string(pid) + "/cmdline", 4096);
    while (!text.empty() && text.back() == '\0') text.pop_back();
    std::replace(text.begin(), text.end(), '\0', ' ');
    return text;
}

std::optional<std::string> env_of(pid_t pid, const std::string& name) {
    const std::string text = slurp("/proc/" + std::to_string(pid) + "/environ", 1 << 20);
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\0', start);
        if (end == std::string::npos) end = text.size();
        const std::string_view entry(text.data() + start, end - start);
        if (entry.size() > name.size() && entry.compare(0, name.size(), name) == 0 && entry[name.size()] == '=') {
            return std::string(entry.substr(name.size() + 1));
        }
        start = end + 1;
    }
    return std::nullopt;
}

bool in_sleep(pid_t pid) {
    const std::string base = "/proc/" + std::to_string(pid);
    const std::string wchan = slurp(base + "/wchan", 256);
    if (wchan.find("nanosleep") != std::string::npos) return true;
    // The syscall number: 35 nanosleep, 230 clock_nanosleep (x86-64); 101, 115 (arm64).
    std::istringstream syscall(slurp(base + "/syscall", 256));
    std::string number;
    syscall >> number;
#if defined(__x86_64__)
    return number == "35" || number == "230";
#elif defined(__aarch64__)
    return number == "101" || number == "115";
#else
    return false;
#endif
}

long tasks_of_user(uid_t uid) {
    long total = 0;
    for (const auto& [pid, p] : processes()) {
        std::istringstream status(slurp("/proc/" + std::to_string(pid) + "/status", 8192));
        std::string line;
        bool is_user = false;
        long threads = 0;
        while (std::getline(status, line)) {
            if (line.rfind("Uid:", 0) == 0) {
                std::istringstream ids(line.substr(4));
                long real = -1;
                ids >> real;
                is_user = real == static_cast<long>(uid);
            } else if (line.rfind("Threads:", 0) == 0) {
                threads = std::stol(line.substr(8));
            }
        }
        if (is_user) total += threads;
    }
    return total;
}

pid_t start_filler(uid_t uid) {
    const pid_t parent = getpid();
    const pid_t pid = fork();
    if (pid != 0) return pid;
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(1);
    if (setgroups(0, nullptr) != 0 || setgid(uid) != 0 || setuid(uid) != 0) _exit(1);
    while (true) pause();
}

std::string shown(const std::string& text, std::size_t max) {
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '\n')
            out += "\\n";
        else if (c == '\t')
            out += "\\t";
        else if (byte < 0x20 || byte == 0x7f)
            out += fmt::format("\\x{:02x}", byte);
        else
            out += c;
        if (out.size() >= max) {
            out.resize(max);
            out += "...";
            break;
        }
    }
    return out;
}

}  // namespace reliability
