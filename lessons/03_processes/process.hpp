/// @file process.hpp
/// @brief The few steps every program of lesson 03 takes with processes: fork after a
/// flush, run a function in a child, wait for it, move bytes through a pipe, and crash on
/// purpose without leaving a core file.
///
/// Python's multiprocessing does the same steps under the hood (with the fork start
/// method): `p.start()` flushes, forks and runs the target in the child, which leaves with
/// `os._exit()`; `p.join()` waits for it. Here each step is one visible call.
#pragma once

#include <workbook/sys.hpp>

#include <fmt/core.h>

#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstddef>
#include <cstdio>
#include <exception>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace lesson03 {

/// fork() with standard output flushed first. Returns 0 in the child, the child's PID in
/// the parent; throws std::system_error ("fork: ...") if no process could be made.
///
/// Why the flush: fork() copies the parent's whole memory, and the stdio buffer of stdout
/// is memory. Lines printed but not yet written out (stdout to a pipe or a file is flushed
/// only when its buffer fills) would exist twice, and come out twice as soon as the child
/// flushes its copy, for instance when it prints something itself.
inline pid_t flush_and_fork() {
    std::fflush(stdout);
    std::fflush(stderr);
    return workbook::checked(fork(), "fork");
}

/// Runs `body` in a new child process, which then leaves with _exit(0); returns the child's
/// PID to the parent at once, like Python's Process(target=body).start().
///
/// The child is a copy of the parent, including the parent's stack: an exception escaping
/// `body` would unwind into the parent's code (its catch blocks, its destructors) running
/// in the child. So nothing escapes: the child prints what went wrong and leaves with
/// exit code 1. And _exit(), not exit(): exit() would also run the parent's atexit
/// handlers and flush stdio buffers the child only has a copy of.
template <typename Body>
pid_t start_child(Body&& body) {
    const pid_t pid = flush_and_fork();
    if (pid != 0) return pid;  // the parent
    int code = 0;
    try {
        body();
    } catch (const std::exception& error) {
        fmt::print(stderr, "child {}: {}\n", getpid(), error.what());
        code = 1;
    } catch (...) { code = 1; }
    std::fflush(stdout);  // what the child printed itself; _exit() flushes nothing
    _exit(code);
}

/// Waits until child `pid` has ended and returns its status (see
/// workbook::describe_wait_status). Until a parent waits for it, an ended child stays in
/// the process table as a zombie: waiting is what removes it.
inline int wait_for(pid_t pid) {
    int status = 0;
    pid_t ended = 0;
    // A signal arriving while we wait interrupts waitpid (EINTR): then simply wait again.
    do { ended = waitpid(pid, &status, 0); } while (ended == -1 && errno == EINTR);
    workbook::checked(ended, "waitpid");
    return status;
}

/// Closes a file descriptor (one end of a pipe), throwing if that fails.
inline void close_fd(int fd) { workbook::checked(close(fd), "close"); }

/// Writes all of `bytes` to `fd`. A pipe may take a large write in several pieces.
inline void write_all(int fd, std::span<const std::byte> bytes) {
    while (!bytes.empty()) {
        const ssize_t written = write(fd, bytes.data(), bytes.size());
        if (written == -1 && errno == EINTR) continue;
        bytes = bytes.subspan(static_cast<std::size_t>(workbook::checked(written, "write")));
    }
}

/// Reads from `fd` until end of file and returns everything read. On a pipe, end of file
/// comes only when every copy of its write end is closed, in every process that has one:
/// a write end left open anywhere (even in the reader itself) means waiting forever.
inline std::string read_to_end(int fd) {
    std::string bytes;
    char buffer[4096];
    while (true) {
        const ssize_t got = read(fd, buffer, sizeof buffer);
        if (got == -1 && errno == EINTR) continue;
        if (workbook::checked(got, "read") == 0) return bytes;
        bytes.append(buffer, static_cast<std::size_t>(got));
    }
}

/// The lines of `text` (what came through a pipe), without their line ends.
inline std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const auto end = std::min(text.find('\n'), text.size());
        lines.push_back(text.substr(0, end));
        text.remove_prefix(std::min(end + 1, text.size()));
    }
    return lines;
}

/// For a child that is about to crash on purpose: no core file. A process killed by
/// SIGSEGV or SIGABRT may write its memory to a file named `core` in the working folder
/// when `ulimit -c` allows it; a lesson should not leave such files behind.
inline void no_core_file() {
    const rlimit none{0, 0};
    workbook::checked(setrlimit(RLIMIT_CORE, &none), "setrlimit");
}

/// Writes to a page of memory this process may not touch, as a stray or null pointer
/// would: the kernel stops the process with SIGSEGV ("Segmentation fault"). Does not return.
inline void touch_forbidden_memory() {
    // The default action for SIGSEGV, even if someone (a sanitizer, a crash reporter)
    // installed a handler that would turn the crash into an ordinary exit.
    std::signal(SIGSEGV, SIG_DFL);
    void* page = mmap(nullptr, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) throw std::system_error(errno, std::generic_category(), "mmap");
    *static_cast<volatile int*>(page) = 1;
    _exit(1);  // not reached
}

}  // namespace lesson03
