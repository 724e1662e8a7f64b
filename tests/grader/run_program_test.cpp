// The runner reports every way a program can end, in words, and leaves nothing behind.
#include "run_program.hpp"

#include <gtest/gtest.h>

#include <sys/prctl.h>
#include <sys/wait.h>
#include <csignal>
#include <thread>

using namespace std::chrono_literals;
using grader::run_program;

namespace {
grader::Outcome shell(const std::string& script, std::chrono::milliseconds timeout = 10s) {
    return run_program({"/bin/sh", {"-c", script}, {}, timeout});
}
}  // namespace

TEST(run_program, captures_stdout_and_stderr_separately) {
    const auto o = shell("echo out; echo err >&2");
    EXPECT_TRUE(grader::succeeded(o));
    EXPECT_EQ(o.out, "out\n");
    EXPECT_EQ(o.err, "err\n");
}

TEST(run_program, passes_arguments_and_environment) {
    const auto o = run_program({"/bin/sh", {"-c", "echo \"$0 $GREETING\"", "first"}, {{"GREETING", "hello"}}, 10s});
    EXPECT_EQ(o.out, "first hello\n");
}

TEST(run_program, reports_a_non_zero_exit_code_in_words) {
    const auto o = shell("exit 3");
    EXPECT_FALSE(grader::succeeded(o));
    EXPECT_EQ(grader::describe(o, 10s), "exited with code 3");
}

TEST(run_program, reports_a_crash_with_its_signal_name) {
    const auto o = shell("kill -SEGV $$");
    EXPECT_FALSE(grader::succeeded(o));
    EXPECT_EQ(grader::describe(o, 10s), "killed by SIGSEGV (Segmentation fault)");
}

TEST(run_program, stops_a_hanging_program_and_says_possible_deadlock) {
    const auto started = std::chrono::steady_clock::now();
    const auto o = shell("sleep 30", 300ms);
    EXPECT_TRUE(o.timed_out);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 10s) << "the timeout must stop the program";
    EXPECT_EQ(grader::describe(o, 20s), "no answer in 20 s: possible deadlock (the program was stopped)");
}

TEST(run_program, kills_what_the_program_left_running) {
    // The program starts a background sleeper that keeps stdout open, prints its PID and
    // exits. The runner must not wait 30 s for it, and must kill it. As a subreaper, this
    // test inherits the orphaned sleeper and can see how it ended.
    ASSERT_EQ(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
    const auto started = std::chrono::steady_clock::now();
    const auto o = shell("sleep 30 & echo $!", 20s);
    EXPECT_TRUE(grader::succeeded(o));
    EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
    const pid_t stray = std::stoi(o.out);
    int status = 0;
    ASSERT_EQ(waitpid(stray, &status, 0), stray);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "the stray sleeper was not killed";
}

TEST(run_program, kills_children_in_process_groups_of_their_own) {
    // What mpiexec does with its ranks: each in a process group of its own (here: the
    // shell's job control, set -m). Killing the program's group would miss them; the runner
    // stops the whole session when the run times out.
    ASSERT_EQ(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
    const auto o = shell("set -m; sleep 30 & echo $!; wait", 500ms);
    EXPECT_TRUE(o.timed_out);
    const pid_t rank = std::stoi(o.out);
    int status = 0;
    ASSERT_EQ(waitpid(rank, &status, 0), rank);
    EXPECT_TRUE(WIFSIGNALED(status)) << "the child in its own process group was left running";
}

TEST(run_program, reports_a_program_that_does_not_exist) {
    const auto o = run_program({"/nonexistent/program", {}, {}, 10s});
    EXPECT_FALSE(o.started);
    EXPECT_NE(o.start_error.find("No such file"), std::string::npos) << o.start_error;
}

TEST(run_program, caps_runaway_output) {
    const auto o = shell("yes | head -c 20000000");
    EXPECT_TRUE(o.truncated);
    EXPECT_EQ(o.out.size(), grader::max_output);
}

TEST(run_program, keeps_what_a_program_printed_before_it_hung) {
    // The last line before a hang tells where it stopped: it must be in the report.
    const auto o = shell("echo 'step 1'; echo 'step 2: waiting'; sleep 30", 300ms);
    EXPECT_TRUE(o.timed_out);
    EXPECT_EQ(o.out, "step 1\nstep 2: waiting\n");
}

TEST(run_program, measures_how_long_the_program_ran) {
    const auto o = shell("sleep 0.3");
    EXPECT_GE(o.elapsed, 250ms);
    EXPECT_LT(o.elapsed, 10s);
}
