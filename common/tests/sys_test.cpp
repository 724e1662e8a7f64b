#include <workbook/hardware.hpp>
#include <workbook/sys.hpp>

#include <gtest/gtest.h>

#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>
#include <csignal>
#include <cstdlib>

namespace {

/// Runs `child` in a forked process and returns its wait status.
template <typename F>
int status_of_child(F child) {
    const pid_t pid = fork();
    if (pid == 0) {
        child();
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return status;
}

}  // namespace

TEST(checked, passes_results_through) { EXPECT_EQ(workbook::checked(42, "answer"), 42); }

TEST(checked, throws_system_error_naming_the_call) {
    try {
        workbook::checked(close(-1), "close");
        FAIL() << "close(-1) should have thrown";
    } catch (const std::system_error& error) {
        EXPECT_EQ(error.code().value(), EBADF);
        EXPECT_STREQ(error.what(), "close: Bad file descriptor");
    }
}

TEST(describe_wait_status, says_exit_codes_in_words) {
    EXPECT_EQ(workbook::describe_wait_status(status_of_child([] { _exit(0); })), "exited with code 0");
    EXPECT_EQ(workbook::describe_wait_status(status_of_child([] { _exit(3); })), "exited with code 3");
}

TEST(describe_wait_status, names_the_signal) {
    const int status = status_of_child([] {
        signal(SIGSEGV, SIG_DFL);
        raise(SIGSEGV);
    });
    EXPECT_EQ(workbook::describe_wait_status(status), "killed by SIGSEGV (Segmentation fault)");
    EXPECT_EQ(workbook::signal_name(SIGKILL), "SIGKILL");
}

TEST(usable_cpus, follows_the_affinity_mask) {
    // Restrict a child to one CPU: it must then report 1, whatever the machine has.
    const int status = status_of_child([] {
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(0, &one);
        if (sched_setaffinity(0, sizeof(one), &one) != 0) _exit(2);
        _exit(workbook::usable_cpus() == 1 ? 0 : 1);
    });
    EXPECT_EQ(workbook::describe_wait_status(status), "exited with code 0");
    EXPECT_GE(workbook::usable_cpus(), 1);
    EXPECT_LE(workbook::usable_cpus(), workbook::online_cpus());
}
