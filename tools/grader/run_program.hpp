/// @file run_program.hpp
/// @brief Runs one program for the grader: output captured, a timeout, nothing left behind.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace grader {

/// One program run: what to start, with which arguments and extra environment.
struct Invocation {
    std::string program;
    std::vector<std::string> args;
    std::vector<std::pair<std::string, std::string>> env;  ///< added to the grader's own
    std::chrono::milliseconds timeout{20'000};
};

/// What happened.
struct Outcome {
    bool started = false;  ///< false: the program could not be started (see start_error)
    std::string start_error;
    bool timed_out = false;                ///< killed after the timeout
    int status = 0;                        ///< waitpid() status
    std::string out;                       ///< standard output (at most max_output bytes kept)
    std::string err;                       ///< standard error (at most max_output bytes kept)
    bool truncated = false;                ///< printed more than max_output
    std::chrono::milliseconds elapsed{0};  ///< from start to exit (or to the timeout)
    bool interrupted = false;              ///< stopped because the grader was asked to stop (Ctrl-C)
};

/// From now on SIGINT, SIGTERM and SIGHUP stop the program being run (and everything it
/// started) instead of killing the caller outright: a graded program lives in a session
/// of its own, out of reach of the terminal's Ctrl-C, and must not outlive its grader.
void stop_runs_on_signals();

/// Whether one of those signals has come.
bool stop_requested();

/// Output beyond this is discarded (and reported), so a runaway loop cannot fill memory.
inline constexpr std::size_t max_output = 8u << 20;

/// Runs the program in a process group of its own, stdin from /dev/null. On timeout the
/// whole group is killed; after the program ends, any process it left in its group is
/// killed too, so a grading run never leaves strays behind.
Outcome run_program(const Invocation& invocation);

/// "exited with code 3", "killed by SIGSEGV (Segmentation fault)", "no answer in 20 s ...".
std::string describe(const Outcome& outcome, std::chrono::milliseconds timeout);

/// True when the program ended normally with exit code 0.
bool succeeded(const Outcome& outcome);

}  // namespace grader
