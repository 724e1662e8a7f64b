#include "run_program.hpp"

#include <workbook/sys.hpp>

#include <fmt/core.h>

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>
#include <vector>

namespace grader {
namespace {

using clock = std::chrono::steady_clock;

std::atomic<bool> stop_signal_seen{false};

extern "C" void note_stop_signal(int) { stop_signal_seen = true; }

/// A pipe whose ends close themselves.
struct Pipe {
    int read_end = -1;
    int write_end = -1;
    Pipe() {
        int fds[2];
        workbook::checked(pipe2(fds, O_CLOEXEC), "pipe2");
        read_end = fds[0];
        write_end = fds[1];
    }
    ~Pipe() {
        close_read();
        close_write();
    }
    void close_read() {
        if (read_end >= 0) close(std::exchange(read_end, -1));
    }
    void close_write() {
        if (write_end >= 0) close(std::exchange(write_end, -1));
    }
};

/// The ids of the processes in session `sid` that are still running (not zombies).
std::vector<pid_t> session_members(pid_t sid) {
    std::vector<pid_t> members;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
        const auto name = entry.path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::ifstream stat(entry.path() / "stat");
        std::string line;
        if (!std::getline(stat, line)) continue;
        // "pid (comm) state ppid pgrp session ...": comm may hold spaces, so start after ')'.
        std::istringstream fields(line.substr(line.rfind(')') + 1));
        char state = 0;
        long ppid = 0, pgrp = 0, session = 0;
        if (fields >> state >> ppid >> pgrp >> session && session == sid && state != 'Z') {
            members.push_back(static_cast<pid_t>(std::stol(name)));
        }
    }
    return members;
}

/// Kills every process of the run's session. MPI launchers put each rank in a process
/// group of its own, so killing the program's group would leave the ranks running; the
/// session holds them all.
void kill_session(pid_t sid) {
    for (int round = 0; round < 100; ++round) {
        const auto members = session_members(sid);
        if (members.empty()) return;
        for (const pid_t member : members) kill(member, SIGKILL);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

[[noreturn]] void exec_child(const Invocation& inv, Pipe& out, Pipe& err, Pipe& exec_error) {
    setsid();  // a session of its own: everything the run starts can be found and stopped
    const int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd >= 0) dup2(null_fd, STDIN_FILENO);
    dup2(out.write_end, STDOUT_FILENO);
    dup2(err.write_end, STDERR_FILENO);
    for (const auto& [name, value] : inv.env) setenv(name.c_str(), value.c_str(), 1);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(inv.program.c_str()));
    for (const auto& a : inv.args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execvp(inv.program.c_str(), argv.data());
    const int error = errno;
    (void)!write(exec_error.write_end, &error, sizeof error);
    _exit(127);
}

}  // namespace

void stop_runs_on_signals() {
    struct sigaction action {};
    action.sa_handler = note_stop_signal;
    sigemptyset(&action.sa_mask);
    for (const int signal : {SIGINT, SIGTERM, SIGHUP}) sigaction(signal, &action, nullptr);
}

bool stop_requested() { return stop_signal_seen; }

Outcome run_program(const Invocation& inv) {
    Outcome outcome;
    Pipe out, err, exec_error;
    const pid_t pid = fork();
    if (pid < 0) {
        outcome.start_error = fmt::format("fork: {}", std::strerror(errno));
        return outcome;
    }
    if (pid == 0) exec_child(inv, out, err, exec_error);
    out.close_write();
    err.close_write();
    exec_error.close_write();

    int exec_errno = 0;
    if (read(exec_error.read_end, &exec_errno, sizeof exec_errno) == static_cast<ssize_t>(sizeof exec_errno)) {
        waitpid(pid, nullptr, 0);
        outcome.start_error = fmt::format("cannot start {}: {}", inv.program, std::strerror(exec_errno));
        return outcome;
    }
    outcome.started = true;

    const auto started_at = clock::now();
    const auto deadline = started_at + inv.timeout;
    std::optional<clock::time_point> exited_at;
    pollfd fds[2] = {{out.read_end, POLLIN, 0}, {err.read_end, POLLIN, 0}};
    std::string* sinks[2] = {&outcome.out, &outcome.err};
    bool reaped = false;
    while (true) {
        if (!reaped && waitpid(pid, &outcome.status, WNOHANG) == pid) {
            reaped = true;
            exited_at = clock::now();
            outcome.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(*exited_at - started_at);
        }
        if (reaped && fds[0].fd < 0 && fds[1].fd < 0) break;
        const auto now = clock::now();
        // The program ended but something it started still holds the pipes: stop waiting.
        if (exited_at && now - *exited_at > std::chrono::seconds(1)) break;
        if (stop_signal_seen && !reaped) {
            outcome.interrupted = true;
            break;
        }
        if (now >= deadline) {
            outcome.timed_out = !reaped;
            if (!reaped) outcome.elapsed = inv.timeout;
            break;
        }
        const auto wait_ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count();
        // Closed pipes have fd -1, which poll() ignores: then it only waits for the exit.
        const int ready = poll(fds, 2, static_cast<int>(std::min<long long>(wait_ms, 50)));
        if (ready < 0 && errno != EINTR) break;
        for (int k = 0; k < 2; ++k) {
            if (fds[k].fd < 0 || fds[k].revents == 0) continue;
            char buffer[65536];
            const ssize_t got = read(fds[k].fd, buffer, sizeof buffer);
            if (got <= 0) {
                fds[k].fd = -1;
                continue;
            }
            const auto room = max_output - std::min(max_output, sinks[k]->size());
            if (static_cast<std::size_t>(got) > room) outcome.truncated = true;
            sinks[k]->append(buffer, std::min(room, static_cast<std::size_t>(got)));
        }
    }
    // Nothing of the run may outlive it: the program (on timeout) and anything it started.
    // On a timeout the program first gets SIGTERM and a moment to pass it on: mpiexec then
    // stops its ranks itself and says which rank was where.
    if (!reaped && !outcome.interrupted) {
        killpg(pid, SIGTERM);
        const auto grace_end = clock::now() + std::chrono::seconds(2);
        while (clock::now() < grace_end && !reaped) {
            if (waitpid(pid, &outcome.status, WNOHANG) == pid)
                reaped = true;
            else
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }
    kill_session(pid);
    // What a stopped program printed last tells where it hung: keep what is still in the
    // pipes (nobody writes to them any more, so these reads end).
    for (int k = 0; k < 2; ++k) {
        if (fds[k].fd < 0) continue;
        const int flags = fcntl(fds[k].fd, F_GETFL);
        fcntl(fds[k].fd, F_SETFL, flags | O_NONBLOCK);
        char buffer[65536];
        ssize_t got = 0;
        while ((got = read(fds[k].fd, buffer, sizeof buffer)) > 0 && sinks[k]->size() < max_output) {
            sinks[k]->append(buffer, std::min(max_output - sinks[k]->size(), static_cast<std::size_t>(got)));
        }
    }
    if (!reaped) {
        int status = 0;
        waitpid(pid, &status, 0);
        if (!outcome.timed_out) outcome.status = status;
    }
    return outcome;
}

bool succeeded(const Outcome& outcome) {
    return outcome.started && !outcome.timed_out && WIFEXITED(outcome.status) && WEXITSTATUS(outcome.status) == 0;
}

std::string describe(const Outcome& outcome, std::chrono::milliseconds timeout) {
    if (!outcome.started) return outcome.start_error;
    if (outcome.timed_out) {
        return fmt::format("no answer in {} s: possible deadlock (the program was stopped)",
                           std::chrono::duration_cast<std::chrono::seconds>(timeout).count());
    }
    return workbook::describe_wait_status(outcome.status);
}

}  // namespace grader
