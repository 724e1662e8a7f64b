/// @file spawn.cpp
/// @brief The course's t06.py in C++: "you have N CPUs", then one named process per CPU,
/// each name and PID printed as it starts, and all of them joined (waited for).
///
/// Python (lessons/03_processes/python/t06.py):
/// @code{.py}
/// for i in range(1, np+1):
///     p = Process(target=f, name='Process'+str(i), args=(i,))
///     print('Process:: ', p.name)
///     p.start()
///     print('Was assigned PID:: ', p.pid)
/// @endcode
#include "process.hpp"

#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>

#include <fmt/core.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace {

/// The seed's f(id): the work of process `id`. Here, as in t06.py, there is none.
void f(int id) { (void)id; }

}  // namespace

int main(int argc, char** argv) {
    // Python's multiprocessing.cpu_count() counts the machine's CPUs; usable_cpus() counts the
    // ones this process may run on (taskset, Slurm, a container), like os.sched_getaffinity.
    int np = workbook::usable_cpus();
    workbook::Cli cli{
        "Lesson 03: one process per CPU, the course's t06.py. Each process is a copy\n"
        "of this program made by fork(); the parent prints its name and PID and at\n"
        "the end waits for every one of them (Python's p.join())."};
    cli.option("--count", np, "processes to start, as if the machine had this many CPUs", workbook::between(1, 1024));
    cli.parse(argc, argv);

    return workbook::run([&] {
        fmt::print("you have {:d} CPUs\n", np);
        std::vector<pid_t> p_list;
        for (int i = 1; i <= np; ++i) {
            const std::string name = fmt::format("Process{}", i);
            // Python's print('Process:: ', p.name) puts a space between its two arguments:
            // hence two spaces after the colons.
            fmt::print("Process::  {}\n", name);
            // p.start(): fork() returns twice, 0 in the new child and the child's PID here.
            const pid_t pid = lesson03::flush_and_fork();
            if (pid == 0) {
                f(i);
                // The child leaves with _exit(), not exit() or a return from main: those would
                // run the parent's atexit handlers and flush stdio buffers it only has a copy of.
                _exit(0);
            }
            p_list.push_back(pid);
            fmt::print("Was assigned PID::  {}\n", pid);
        }
        // p.join() for every process: wait for each child, so none is left behind as a zombie.
        int failed = 0;
        for (const pid_t pid : p_list) {
            const int status = lesson03::wait_for(pid);
            if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                fmt::print(stderr, "process {} {}\n", pid, workbook::describe_wait_status(status));
                ++failed;
            }
        }
        if (failed > 0) throw std::runtime_error(fmt::format("{} of {} processes failed", failed, np));
    });
}
