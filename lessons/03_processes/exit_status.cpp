/// @file exit_status.cpp
/// @brief How a child process ends, and how its parent finds out: waitpid() reports a
/// normal exit with its code, or the signal that killed it. A child nobody waits for is
/// a zombie until somebody does.
#include "process.hpp"

#include <workbook/cli.hpp>

#include <fmt/core.h>

#include <sys/wait.h>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace {

/// One way for a child to end.
struct Ending {
    const char* what;  ///< what the child does, in words
    void (*body)();    ///< the child's code
};

/// Waits to be killed by its parent. The alarm ends it anyway after a minute, so the child
/// can never outlive a parent that failed before sending its signal.
void wait_to_be_killed() {
    alarm(60);
    while (true) pause();
}

const Ending endings[] = {
    {"returns from its work", [] {}},
    {"gives up with _exit(3)", [] { _exit(3); }},
    {"writes to memory it may not touch", lesson03::touch_forbidden_memory},
    {"calls abort(), as a failed assert() does", [] { std::abort(); }},
    {"is killed by its parent with SIGKILL", wait_to_be_killed},
};

void five_ways_to_end() {
    fmt::print("== 1. how a child ended: waitpid() tells its parent\n");
    int number = 0;
    for (const Ending& ending : endings) {
        const pid_t pid = lesson03::start_child([&ending] {
            lesson03::no_core_file();  // the crashes below leave no `core` file behind
            ending.body();
        });
        // SIGKILL cannot be caught or ignored: the way the OOM killer ends a process, and
        // the way a batch system ends a job whose time is up (after a polite SIGTERM).
        if (ending.body == wait_to_be_killed) workbook::checked(kill(pid, SIGKILL), "kill");
        const int status = lesson03::wait_for(pid);
        fmt::print("child {} (pid {}) {}: {}\n", ++number, pid, ending.what, workbook::describe_wait_status(status));
    }
    fmt::print("\n");
}

/// The state of process `pid` as /proc/PID/stat tells it: "Z (zombie)", "S (sleeping)", ...
std::string state_of(pid_t pid) {
    std::ifstream stat(fmt::format("/proc/{}/stat", pid));
    const std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    // "1234 (name) Z ...": the name may hold spaces and parentheses, so look after the last ')'.
    const auto paren = text.rfind(')');
    if (paren == std::string::npos || paren + 2 >= text.size()) return "unknown (no such process)";
    switch (const char state = text[paren + 2]) {
        case 'Z':
            return "Z (zombie)";
        case 'R':
            return "R (running)";
        case 'S':
            return "S (sleeping)";
        default:
            return std::string(1, state);
    }
}

void a_zombie() {
    fmt::print("== 2. a child that has ended but was not waited for is a zombie\n");
    const pid_t pid = lesson03::start_child([] {});
    // waitid with WNOWAIT waits until the child has ended but leaves it unreaped, as a
    // parent that never calls waitpid() would.
    siginfo_t info{};
    workbook::checked(waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT), "waitid");
    fmt::print("child (pid {}) has ended, and nobody has waited for it yet: its state is {}\n", pid, state_of(pid));
    const int status = lesson03::wait_for(pid);
    const bool gone = !std::filesystem::exists(fmt::format("/proc/{}", pid));
    fmt::print("after waitpid() ({}) the zombie is {}\n", workbook::describe_wait_status(status),
               gone ? "gone from the process table" : "STILL THERE");
}

}  // namespace

int main(int argc, char** argv) {
    workbook::Cli cli{
        "Lesson 03: how a process ends. Five children end five ways (a return, an exit\n"
        "code, a crash, abort(), a kill by the parent); waitpid() tells the parent which,\n"
        "in words. Then a zombie: a child that has ended, before its parent waits for it."};
    cli.parse(argc, argv);

    return workbook::run([&] {
        five_ways_to_end();
        a_zombie();
    });
}
