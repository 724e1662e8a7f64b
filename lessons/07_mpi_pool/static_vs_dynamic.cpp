/// @file static_vs_dynamic.cpp
/// @brief Uneven tasks split three ways: fixed blocks, fixed round-robin, and the dynamic
/// pool. A load-balance table shows who was busy how long, and what the split cost in time.
#include "../06_mpi/job_cost.hpp"
#include "pool.hpp"

#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>
#include <workbook/mpi.hpp>

#include <fmt/core.h>

#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <numeric>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

/// `units` units of real arithmetic (steps of a random-number generator, each depending on
/// the last, so none can be skipped); the answer is the generator's last state.
long burn(long units, long steps_per_unit) {
    std::uint64_t x = static_cast<std::uint64_t>(units);
    for (long i = 0; i < units * steps_per_unit; ++i) x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<long>(x >> 33);
}

/// The cost of each task, in units. "rising": task i costs i + 1 (the last tasks are the
/// heavy ones, like rows nearing the middle of lesson 05's Mandelbrot). "random": each
/// from 1 to 16 units, drawn by the seeded generator.
std::vector<long> task_costs(int tasks, const std::string& pattern, unsigned seed) {
    std::vector<long> costs(static_cast<std::size_t>(tasks));
    std::mt19937 rng(seed);
    for (std::size_t i = 0; i < costs.size(); ++i) {
        costs[i] = pattern == "rising" ? static_cast<long>(i) + 1 : static_cast<long>(rng() % 16) + 1;
    }
    return costs;
}

enum class Split { blocks, round_robin, dynamic };

/// MPI_Barrier, waiting as `wait` says: a worker that finishes its share early must not
/// spin on a core that the other worker needs (see lesson07::Wait).
void barrier(lesson07::Wait wait) {
    if (wait == lesson07::Wait::spin) {
        MPI_Barrier(MPI_COMM_WORLD);
        return;
    }
    MPI_Request request;
    MPI_Ibarrier(MPI_COMM_WORLD, &request);
    for (int done = 0;;) {
        MPI_Test(&request, &done, MPI_STATUS_IGNORE);
        if (done) return;
        std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
}

/// Static splits: which tasks worker w (1 .. workers) does, decided before anything runs.
std::vector<std::size_t> static_share(Split split, int w, int workers, std::size_t tasks) {
    std::vector<std::size_t> mine;
    const auto k = static_cast<std::size_t>(w - 1), n = static_cast<std::size_t>(workers);
    if (split == Split::blocks) {
        for (std::size_t i = k * tasks / n; i < (k + 1) * tasks / n; ++i) mine.push_back(i);
    } else {
        for (std::size_t i = k; i < tasks; i += n) mine.push_back(i);
    }
    return mine;
}

struct Run {
    std::vector<long> results;                     // rank 0: the results in task order
    std::vector<int> owner;                        // rank 0: the worker that did each task
    std::vector<lesson07::WorkerStats> by_worker;  // rank 0: index w for worker w
    double seconds = 0;                            // rank 0: from the start to the last result
};

/// Runs every task once under `split`; every rank calls it.
Run run_split(Split split, const std::vector<long>& costs, long steps, int rank, int workers, lesson07::Wait wait) {
    Run run;
    const auto f = [steps](long units) { return burn(units, steps); };
    lesson07::WorkerStats mine;
    barrier(wait);
    const double start = MPI_Wtime();
    if (split == Split::dynamic) {
        if (rank == 0) {
            const auto outcomes = lesson07::run_tasks(costs, workers, {}, wait);
            run.seconds = MPI_Wtime() - start;
            lesson07::stop_workers(workers);
            for (const auto& o : outcomes) {
                run.results.push_back(o.value);
                run.owner.push_back(o.worker);
            }
        } else {
            lesson07::serve(f, wait, &mine);
        }
    } else if (rank == 0) {
        // The master only collects: each worker sends its results in one message.
        run.results.resize(costs.size());
        run.owner.resize(costs.size());
        for (int w = 1; w <= workers; ++w) {
            const auto share = static_share(split, w, workers, costs.size());
            std::vector<long> values(share.size());
            lesson07::receive(values.data(), static_cast<int>(values.size()), MPI_LONG, w, lesson07::RESULT,
                              MPI_STATUS_IGNORE, wait);
            for (std::size_t j = 0; j < share.size(); ++j) {
                run.results[share[j]] = values[j];
                run.owner[share[j]] = w;
            }
        }
        run.seconds = MPI_Wtime() - start;
    } else {
        // A worker knows its share without being told: no messages until the answer.
        const auto share = static_share(split, rank, workers, costs.size());
        std::vector<long> values;
        const double begin = lesson07::cpu_seconds();
        for (const std::size_t i : share) values.push_back(f(costs[i]));
        mine = {static_cast<long>(share.size()), lesson07::cpu_seconds() - begin};
        MPI_Send(values.data(), static_cast<int>(values.size()), MPI_LONG, 0, lesson07::RESULT, MPI_COMM_WORLD);
    }
    barrier(wait);  // everyone done before the table's numbers are collected
    // Every rank's {tasks, busy seconds} to rank 0, for the table.
    const double row[2] = {static_cast<double>(mine.tasks), mine.busy_seconds};
    std::vector<double> rows(rank == 0 ? 2 * static_cast<std::size_t>(workers + 1) : 0);
    MPI_Gather(row, 2, MPI_DOUBLE, rows.data(), 2, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    for (std::size_t r = 0; r < rows.size(); r += 2) run.by_worker.push_back({static_cast<long>(rows[r]), rows[r + 1]});
    return run;
}

}  // namespace

int main(int argc, char** argv) {
    workbook::mpi::Session mpi(argc, argv);
    int tasks = 16;
    long steps = 1'000'000;
    std::string pattern = "rising";
    int seed = 7;
    bool spin = false;
    workbook::Cli cli{
        "Lesson 07: static vs dynamic distribution of uneven tasks. The same tasks are split\n"
        "in fixed blocks, dealt round-robin, and handed out by the master-worker pool; the\n"
        "table shows each worker's tasks, work units and busy time, and the total time.\n"
        "Run it from the repository root as:\n  build/default/bin/wb_mpiexec 3 "
        "build/default/bin/07_mpi_pool.static_vs_dynamic"};
    cli.option("--tasks", tasks, "how many tasks", workbook::between(1, 100'000));
    cli.option("--steps", steps, "generator steps in one unit of work (1e6: about 1 ms)", workbook::between(1, 1e9));
    cli.option("--pattern", pattern, "task costs: rising (task i costs i+1 units) or random (seeded)");
    cli.option("--seed", seed, "seed of the random pattern", workbook::between(0, 1e9));
    cli.flag("--spin", spin,
             "wait for messages in MPI_Recv, spinning (default: poll and nap, which frees the\n"
             "core when there are more ranks than cores)");
    cli.parse(argc, argv);
    if (pattern != "rising" && pattern != "random") {
        workbook::usage_error("--pattern must be rising or random, not '" + pattern + "'");
    }
    if (mpi.size() < 2) {
        workbook::usage_error("the splits need a master and at least one worker (start it on 2 ranks or more)");
    }
    // Three splits of all the units; about 1.4 ns a step (measured once on a 2-core test
    // machine), shared by the workers (no faster than the CPUs), the busiest doing about 1.5
    // times a fair share.
    const auto costs = task_costs(tasks, pattern, static_cast<unsigned>(seed));
    const long total_units = std::accumulate(costs.begin(), costs.end(), 0L);
    const int working = std::min(mpi.size() - 1, workbook::online_cpus());
    lesson06::announce_job_cost(
        fmt::format("{} tasks of {} units of {} steps in all", tasks, total_units, steps), 0.0,
        3 * 1.5 * 1.4e-9 * static_cast<double>(total_units) * static_cast<double>(steps) / working);

    return workbook::mpi::run([&] {
        const int workers = mpi.size() - 1;
        if (mpi.is_root()) {
            fmt::print("{} tasks, {} units of work in all ({}), {} worker{}; 1 unit = {} steps\n", tasks, total_units,
                       pattern == "rising" ? "task i costs i+1 units" : "1 to 16 units, seeded", workers,
                       workers == 1 ? "" : "s", steps);
            fmt::print("waiting ranks {}\n\n", spin ? "spin in MPI_Recv" : "poll and nap (--spin to spin)");
            fmt::print("{:<20} {:>6} {:>6} {:>6} {:>11}\n", "split", "worker", "tasks", "units", "busy (CPU)");
        }
        const std::pair<Split, const char*> splits[] = {{Split::blocks, "static, blocks"},
                                                        {Split::round_robin, "static, round-robin"},
                                                        {Split::dynamic, "dynamic pool"}};
        const auto wait = spin ? lesson07::Wait::spin : lesson07::Wait::nap;
        std::vector<std::string> summary;
        std::vector<long> first_results;
        bool agree = true;
        for (const auto& [split, name] : splits) {
            const Run run = run_split(split, costs, steps, mpi.rank(), workers, wait);
            if (!mpi.is_root()) continue;
            // Units of work per worker, from who did which task: fixed in advance for the
            // static splits, decided by who came back first in the pool.
            std::vector<long> units(static_cast<std::size_t>(workers) + 1, 0);
            for (std::size_t i = 0; i < costs.size(); ++i) units[static_cast<std::size_t>(run.owner[i])] += costs[i];
            for (int w = 1; w <= workers; ++w) {
                const auto& stats = run.by_worker[static_cast<std::size_t>(w)];
                fmt::print("{:<20} {:>6} {:>6} {:>6} {:>9.3f} s\n", name, w, stats.tasks,
                           units[static_cast<std::size_t>(w)], stats.busy_seconds);
            }
            // The busiest worker's units against a fair share (all units / workers): 1.00 is
            // perfect balance. The split takes at least as long as its busiest worker.
            const long busiest = *std::max_element(units.begin() + 1, units.end());
            summary.push_back(fmt::format("{:<20} {:>7.3f} s {:>14.2f}", name, run.seconds,
                                          static_cast<double>(busiest) * workers / static_cast<double>(total_units)));
            if (first_results.empty()) first_results = run.results;
            agree = agree && run.results == first_results;
        }
        if (mpi.is_root()) {
            fmt::print("\n{:<20} {:>9} {:>14}\n", "split", "total", "busiest/fair");
            for (const auto& line : summary) fmt::print("{}\n", line);
            fmt::print("the three splits {} (checksum {})\n", agree ? "give the same results" : "DISAGREE",
                       std::accumulate(first_results.begin(), first_results.end(), 0L) % 1'000'000);
        }
    });
}
