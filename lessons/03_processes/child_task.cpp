/// @file child_task.cpp
/// @brief The program spawn_program starts: it says who it is (its PID and its parent's),
/// what arguments it was given, and leaves with the exit code it was asked for.
#include <workbook/cli.hpp>

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <unistd.h>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    std::string say = "hello";
    int exit_code = 0;
    workbook::Cli cli{
        "Lesson 03: the small program spawn_program starts with posix_spawn. It prints its\n"
        "PID, its parent's PID and its arguments, then exits with --exit-code. Started\n"
        "from a shell, its parent is the shell (echo $$)."};
    cli.option("--say", say, "what to say");
    cli.option("--exit-code", exit_code, "the exit code to leave with", workbook::between(0, 255));
    cli.parse(argc, argv);

    const int failed = workbook::run([&] {
        // A new program in a new process: nothing of the parent's memory is here, only what
        // it passed on: the arguments, the environment and the open files (stdout).
        const std::vector<std::string> arguments(argv, argv + argc);
        fmt::print("child_task: pid {}, parent pid {}\n", getpid(), getppid());
        fmt::print("child_task: argv = {}\n", arguments);
        fmt::print("child_task says: {}\n", say);
    });
    // The exit code travels back to the parent through waitpid(): one number, 0 to 255.
    return failed != 0 ? failed : exit_code;
}
