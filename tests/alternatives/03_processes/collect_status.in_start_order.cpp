/// @file collect_status.in_start_order.cpp
/// @brief A correct collect_status written differently: children waited for one by one in
/// the order they were started (waitpid on each PID) rather than as they end. The lines
/// come out in another order, which an unordered grading must accept.
#include "process.hpp"

#include <workbook/cli.hpp>

#include <fmt/core.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <thread>
#include <vector>

[[noreturn]] void live_and_end(int number, int count) {
    lesson03::no_core_file();
    std::this_thread::sleep_for(std::chrono::milliseconds(20 * (count - number)));
    switch ((number - 1) % 5) {
        case 0:
            _exit(0);
        case 1:
            _exit(number);
        case 2:
            lesson03::touch_forbidden_memory();
            break;
        case 3:
            std::abort();
        default:
            raise(SIGKILL);
            break;
    }
    _exit(1);
}

int main(int argc, char** argv) {
    int count = 5;
    workbook::Cli cli{"collect_status, waiting in start order."};
    cli.option("--children", count, "child processes to start", workbook::between(1, 64));
    cli.parse(argc, argv);

    return workbook::run([&] {
        fmt::print("main: starting {} children, each ending its own way\n", count);
        std::vector<pid_t> pids;
        for (int number = 1; number <= count; ++number) {
            const pid_t pid = lesson03::flush_and_fork();
            if (pid == 0) live_and_end(number, count);
            pids.push_back(pid);
        }
        int tally[3] = {0, 0, 0};  // exited with 0, with another code, killed by a signal
        for (std::size_t k = 0; k < pids.size(); ++k) {
            const int status = lesson03::wait_for(pids[k]);
            fmt::print("child {} (pid {}) {}\n", k + 1, pids[k], workbook::describe_wait_status(status));
            ++tally[WIFSIGNALED(status) ? 2 : WEXITSTATUS(status) == 0 ? 0 : 1];
        }
        fmt::print(
            "main: collected {} of {} children: {} exited with code 0, {} with another code, "
            "{} killed by a signal\n",
            tally[0] + tally[1] + tally[2], count, tally[0], tally[1], tally[2]);
    });
}
