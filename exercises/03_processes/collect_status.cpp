/// @file collect_status.cpp
/// @brief Exercise (stub): start children that end in different ways, collect each one with
/// waitpid(-1, ...) as it ends, and say how it ended, in words. Graded in any order,
/// PIDs masked: children end in their own time, not in the order they started.
#include "process.hpp"

#include <workbook/cli.hpp>

#include <fmt/core.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <map>
#include <thread>

/// How child `number` (1, 2, ...) of `count` lives and ends. The endings come in turn:
/// a clean exit, an exit code, a crash, abort(), a kill. Later children end sooner, so
/// they end in another order than the one they were started in.
[[noreturn]] void live_and_end(int number, int count) {
    lesson03::no_core_file();
    std::this_thread::sleep_for(std::chrono::milliseconds(20 * (count - number)));
    switch ((number - 1) % 5) {
        case 0:
            _exit(0);  // finished its work
        case 1:
            _exit(number);  // failed, and says so with a code
        case 2:
            lesson03::touch_forbidden_memory();
            break;  // crashed: SIGSEGV
        case 3:
            std::abort();  // a failed assert(): SIGABRT
        default:
            raise(SIGKILL);
            break;  // killed, as by the OOM killer
    }
    _exit(1);  // not reached: every ending above ends the process
}

int main(int argc, char** argv) {
    int count = 5;
    workbook::Cli cli{
        "Lesson 03 exercise 'collect_status': start children that end in different ways,\n"
        "collect each with waitpid() as it ends, and say how it ended, in words."};
    cli.option("--children", count, "child processes to start", workbook::between(1, 64));
    cli.parse(argc, argv);

    return workbook::run([&] {
        fmt::print("main: starting {} children, each ending its own way\n", count);
        std::map<pid_t, int> number_of;  // which child (1, 2, ...) a PID belongs to
        int succeeded = 0, failed = 0, killed = 0;

        // TODO(03): start `count` children (lesson03::start_child). Child `number` runs
        //           live_and_end(number, count); remember in `number_of` which number each
        //           PID belongs to.
        //           Lesson text: lessons/03_processes/README.md, "Exit status and signals".

        // TODO(03): collect every child as it ends: waitpid(-1, &status, 0) returns the PID
        //           of whichever child ends next. For each, print
        //               child NUMBER (pid PID) HOW
        //           with HOW from workbook::describe_wait_status(status), and count it as
        //           succeeded (exit code 0), failed (another exit code) or killed (a signal)
        //           with WIFEXITED, WEXITSTATUS and WIFSIGNALED.
        //           Lesson text: lessons/03_processes/README.md, "Exercise 2: collect_status".

        // A safety net: any child the code above did not collect is reaped here, so that no
        // zombie outlives this program (not every system's PID 1 reaps orphans promptly).
        while (waitpid(-1, nullptr, 0) > 0) {}

        fmt::print(
            "main: collected {} of {} children: {} exited with code 0, {} with another code, "
            "{} killed by a signal\n",
            succeeded + failed + killed, count, succeeded, failed, killed);
    });
}
