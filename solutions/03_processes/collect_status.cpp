/// @file collect_status.cpp
/// @brief Exercise: start children that end in different ways, collect each one with
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

        for (int number = 1; number <= count; ++number) {
            const pid_t pid = lesson03::start_child([number, count] { live_and_end(number, count); });
            number_of[pid] = number;
        }

        // waitpid(-1, ...) waits for whichever child ends next: each is reported as it ends.
        for (std::size_t left = number_of.size(); left > 0; --left) {
            int status = 0;
            const pid_t pid = workbook::checked(waitpid(-1, &status, 0), "waitpid");
            fmt::print("child {} (pid {}) {}\n", number_of.at(pid), pid, workbook::describe_wait_status(status));
            if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
                ++succeeded;
            } else if (WIFEXITED(status)) {
                ++failed;
            } else if (WIFSIGNALED(status)) {
                ++killed;
            }
        }

        // A safety net: any child the code above did not collect is reaped here, so that no
        // zombie outlives this program (not every system's PID 1 reaps orphans promptly).
        while (waitpid(-1, nullptr, 0) > 0) {}

        fmt::print(
            "main: collected {} of {} children: {} exited with code 0, {} with another code, "
            "{} killed by a signal\n",
            succeeded + failed + killed, count, succeeded, failed, killed);
    });
}
