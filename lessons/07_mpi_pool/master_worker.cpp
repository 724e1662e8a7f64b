/// @file master_worker.cpp
/// @brief The pypar pool: rank 0 hands out tasks, the workers compute and ask for more, a
/// stop tag ends them; the results come back in task order. The course's
/// `pool.map(f, range(10))` done by MPI processes, which may sit on different nodes.
#include "../06_mpi/job_cost.hpp"
#include "pool.hpp"

#include <workbook/cli.hpp>
#include <workbook/mpi.hpp>

#include <fmt/core.h>

#include <mpi.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
    workbook::mpi::Session mpi(argc, argv);
    int tasks = 10;
    int fail_task = -1;
    int work_ms = 0;
    workbook::Cli cli{
        "Lesson 07: a pool of MPI processes, the pypar way. Rank 0 is the master: it sends\n"
        "each worker a task (tag WORK), and whichever worker answers first gets the next\n"
        "one; a DIE tag ends the workers. f(x) = x*x over range(--tasks), like the course's\n"
        "pool.map. --fail-task K makes task K throw on its worker: the master reports it and\n"
        "finishes the others. Run it from the repository root as:\n  build/default/bin/wb_mpiexec 4 "
        "build/default/bin/07_mpi_pool.master_worker"};
    cli.option("--tasks", tasks, "how many tasks (x = 0 .. tasks-1)", workbook::between(1, 1'000'000));
    cli.option("--fail-task", fail_task, "make this task throw (-1: none)", workbook::between(-1, 999'999));
    cli.option("--work-ms", work_ms, "each task also sleeps this long, as if it computed",
               workbook::between(0, 10'000));
    cli.parse(argc, argv);
    if (mpi.size() < 2)
        workbook::usage_error("a pool needs a master and at least one worker (start it on 2 ranks or more)");
    if (fail_task >= tasks) {
        workbook::usage_error(fmt::format("--fail-task {}: there are only tasks 0 to {}", fail_task, tasks - 1));
    }
    // Each task: its --work-ms on a worker, and a round trip of some 10 us to hand it out.
    lesson06::announce_job_cost(fmt::format("{} tasks of {} ms", tasks, work_ms), 0.0,
                                static_cast<double>(tasks) * (work_ms * 1e-3 + 10e-6) / (mpi.size() - 1));

    return workbook::mpi::run([&] {
        const int workers = mpi.size() - 1;
        if (!mpi.is_root()) {
            // A worker: f is the task. It runs here, in another process, maybe on another node.
            lesson07::serve([&](long x) -> long {
                if (x == fail_task) throw std::runtime_error(fmt::format("f({}): asked to fail by --fail-task", x));
                std::this_thread::sleep_for(std::chrono::milliseconds(work_ms));
                return x * x;
            });
            return;
        }

        fmt::print("a pool of {} worker{} (rank 0 is the master): f(x) = x*x over range({})\n", workers,
                   workers == 1 ? "" : "s", tasks);
        std::vector<long> xs(static_cast<std::size_t>(tasks));
        for (std::size_t i = 0; i < xs.size(); ++i) xs[i] = static_cast<long>(i);

        // The replies, as they arrive: this order changes from run to run.
        const auto outcomes = lesson07::run_tasks(xs, workers, [](std::size_t index, const lesson07::Outcome& o) {
            if (o.failed) {
                fmt::print("task {} FAILED on worker {}: {}\n", index, o.worker, o.reason);
            } else {
                fmt::print("task {} -> {} (worker {})\n", index, o.value, o.worker);
            }
        });
        lesson07::stop_workers(workers);

        // The results in task order, whatever the order of arrival: each reply said which
        // task it answers. A failed task shows as None, as Python would print it.
        std::string list = "[";
        std::vector<int> done_by(static_cast<std::size_t>(workers) + 1, 0);
        int failures = 0;
        for (std::size_t i = 0; i < outcomes.size(); ++i) {
            if (i > 0) list += ", ";
            list += outcomes[i].failed ? "None" : std::to_string(outcomes[i].value);
            failures += outcomes[i].failed ? 1 : 0;
            ++done_by[static_cast<std::size_t>(outcomes[i].worker)];
        }
        fmt::print("results in task order:\n{}]\n", list);
        std::string shares;
        for (int w = 1; w <= workers; ++w) {
            shares += fmt::format("{}worker {}: {}", w > 1 ? ", " : "", w, done_by[static_cast<std::size_t>(w)]);
        }
        fmt::print("tasks per worker: {}\n", shares);
        if (failures > 0) {
            fmt::print("{} task{} failed; the other {} finished, and every worker got the stop tag\n", failures,
                       failures == 1 ? "" : "s", tasks - failures);
        }
    });
}
