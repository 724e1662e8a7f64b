/// @file spawn_program.cpp
/// @brief Starting another program: posix_spawn makes a new process that runs a different
/// executable (fork + exec in one call). Its arguments go in as an array, its output can
/// come back through a pipe, and its exit code through waitpid().
#include "process.hpp"

#include <workbook/cli.hpp>

#include <fmt/core.h>

#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace {

/// The program this demo starts; the build puts it beside this one.
const std::string child_program = "03_processes.child_task";

/// A program in this program's own folder. /proc/self/exe links to the running program,
/// so there is no search through PATH, where a different program of that name could be.
std::string beside_this_program(const std::string& name) {
    return (std::filesystem::read_symlink("/proc/self/exe").parent_path() / name).string();
}

/// The posix_spawn family returns its error number (0 for success) instead of returning -1
/// and setting errno, so workbook::checked does not apply: this is its counterpart.
void check_spawn(int error, const char* call) {
    if (error != 0) throw std::system_error(error, std::generic_category(), call);
}

/// posix_spawn's list of what to do with open files in the child before the new program
/// starts; init and destroy in one object.
class FileActions {
public:
    FileActions() { check_spawn(posix_spawn_file_actions_init(&actions_), "posix_spawn_file_actions_init"); }
    ~FileActions() { posix_spawn_file_actions_destroy(&actions_); }
    FileActions(const FileActions&) = delete;
    FileActions& operator=(const FileActions&) = delete;

    /// In the child, make `to` a copy of `from` (e.g. stdout a copy of a pipe's write end).
    void dup2(int from, int to) {
        check_spawn(posix_spawn_file_actions_adddup2(&actions_, from, to), "posix_spawn_file_actions_adddup2");
    }
    [[nodiscard]] const posix_spawn_file_actions_t* get() const { return &actions_; }

private:
    posix_spawn_file_actions_t actions_{};
};

/// Starts program `path` with arguments `args` (args[0] is the name it sees as argv[0]).
pid_t spawn(const std::string& path, const std::vector<std::string>& args, const FileActions* actions = nullptr) {
    // posix_spawn takes argv as char* const[] (an old C signature) but does not change it.
    std::vector<char*> argv;
    for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    // Flushed first so our lines come out before the child's (exec replaces the child's
    // memory, buffers and all, so nothing would be printed twice; only the order would change).
    std::fflush(stdout);
    pid_t pid = 0;
    check_spawn(posix_spawn(&pid, path.c_str(), actions ? actions->get() : nullptr, nullptr, argv.data(), environ),
                "posix_spawn");
    return pid;
}

void start_and_wait() {
    fmt::print("== 1. posix_spawn: another program in a new process\n");
    fmt::print("parent: pid {}, starting {} from its own folder\n", getpid(), child_program);
    const pid_t pid = spawn(beside_this_program(child_program), {child_program, "--say", "hello, parent"});
    // The child prints on our stdout: we print nothing more until it has ended, so its
    // lines and ours never mix.
    const int status = lesson03::wait_for(pid);
    fmt::print("parent: posix_spawn returned pid {}; that child {}\n\n", pid, workbook::describe_wait_status(status));
}

void capture_output_and_exit_code() {
    fmt::print("== 2. its output through a pipe, its exit code through waitpid()\n");
    int ends[2];
    // O_CLOEXEC: a new program gets only the files we hand it on purpose (dup2 below).
    workbook::checked(pipe2(ends, O_CLOEXEC), "pipe2");
    const int read_end = ends[0], write_end = ends[1];
    FileActions actions;
    actions.dup2(write_end, STDOUT_FILENO);  // the child's stdout is the pipe
    const pid_t pid = spawn(beside_this_program(child_program),
                            {child_program, "--say", "this went through a pipe", "--exit-code", "3"}, &actions);
    // Our own copy of the write end must go, or read_to_end would wait for us forever.
    lesson03::close_fd(write_end);
    const std::string output = lesson03::read_to_end(read_end);
    lesson03::close_fd(read_end);
    const int status = lesson03::wait_for(pid);
    const auto lines = lesson03::lines_of(output);
    fmt::print("parent: read {} lines from the pipe:\n", lines.size());
    for (const auto line : lines) fmt::print("  | {}\n", line);
    fmt::print("parent: child (pid {}) {}\n\n", pid, workbook::describe_wait_status(status));
}

void program_that_does_not_exist() {
    fmt::print("== 3. a program that does not exist\n");
    try {
        const pid_t pid = spawn(beside_this_program("no_such_program"), {"no_such_program"});
        const int status = lesson03::wait_for(pid);
        fmt::print("parent: no_such_program started after all, and {}\n", workbook::describe_wait_status(status));
    } catch (const std::system_error& error) {
        // posix_spawn reports that exec failed in the child as its own result, and has
        // already reaped that child: there is none left to wait for.
        fmt::print("parent: starting no_such_program failed: {}\n", error.what());
    }
}

}  // namespace

int main(int argc, char** argv) {
    workbook::Cli cli{
        "Lesson 03: posix_spawn starts another program in a new process (fork and exec in\n"
        "one call). The program is " +
        child_program +
        ", found beside this one; its\n"
        "output comes back through a pipe and its exit code through waitpid()."};
    cli.parse(argc, argv);

    return workbook::run([&] {
        start_and_wait();
        capture_output_and_exit_code();
        program_that_does_not_exist();
    });
}
