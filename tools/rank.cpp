/// @file rank.cpp
/// @brief wb_rank: runs one rank of an MPI job for bin/wb_mpiexec, and says in words when
/// the rank dies of a signal: `mpiexec -q` (which keeps a refusal of bad input to one line)
/// also hides Open MPI's "process rank 1 exited on signal 9", and without it Open MPI says
/// nothing at all for a rank killed from outside. So each rank runs under this small
/// parent, which forwards the launcher's signals to it and, when the rank dies of a signal
/// that did not come through the launcher (a crash, `kill -9`, the OOM killer), prints
/// "06_mpi.ring: rank 1 (pid 4242) was killed by SIGKILL (Killed)" before it dies the same way.
///
/// Usage (from wb_mpiexec only): mpiexec -n N wb_rank PROGRAM [ARGS...]
#include <workbook/cli.hpp>
#include <workbook/sys.hpp>

#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

volatile sig_atomic_t child_pid = 0;
volatile sig_atomic_t forwarded = 0;  // a signal came through the launcher

extern "C" void forward(int signal) {
    forwarded = 1;
    if (child_pid > 0) kill(child_pid, signal);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || std::strcmp(argv[1], "--help") == 0) {
        std::fprintf(argc < 2 ? stderr : stdout,
                     "usage: wb_rank PROGRAM [ARGS...] (started by bin/wb_mpiexec for each rank)\n");
        return argc < 2 ? 2 : 0;
    }
    // If the launcher itself is killed (kill -9 of mpiexec), nobody would stop the ranks:
    // this wrapper hears of it (SIGTERM) and stops its rank, which then dies with it.
    const pid_t launcher = getppid();
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != launcher) return 1;
    const pid_t parent = getpid();
    const pid_t pid = fork();
    if (pid < 0) {
        std::fprintf(stderr, "wb_rank: fork: %s\n", std::strerror(errno));
        return 1;
    }
    if (pid == 0) {
        // The rank dies with this wrapper, whatever kills it.
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(1);
        execvp(argv[1], argv + 1);
        std::fprintf(stderr, "wb_rank: cannot start %s: %s\n", workbook::quoted(argv[1]).c_str(), std::strerror(errno));
        _exit(127);
    }
    child_pid = pid;
    struct sigaction action {};
    action.sa_handler = forward;
    sigemptyset(&action.sa_mask);
    for (const int signal : {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGCONT, SIGTSTP})
        sigaction(signal, &action, nullptr);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    const int signal = WTERMSIG(status);
    if (!forwarded) {
        const char* rank = std::getenv("OMPI_COMM_WORLD_RANK");
        if (rank == nullptr) rank = std::getenv("PMI_RANK");
        std::string name = argv[1];
        name = name.substr(name.find_last_of('/') + 1);
        std::fprintf(stderr, "%s: rank %s (pid %d) was %s\n", name.c_str(), rank != nullptr ? rank : "?",
                     static_cast<int>(pid), workbook::describe_wait_status(status).c_str());
    }
    // Die the same way, so the launcher reports and counts it as before.
    std::signal(signal, SIG_DFL);
    kill(getpid(), signal);
    return 128 + signal;
}
