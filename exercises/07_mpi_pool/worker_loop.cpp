/// @file worker_loop.cpp
/// @brief Exercise (stub): both sides of the pypar pool. The workers loop: receive a
/// task, compute, send the result back with the task's index, until the DIE tag. The master
/// hands out tasks, gives the next one to whichever worker answers, collects the results in
/// task order, and ends the workers with DIE. Graded at 2, 3 and 4 ranks.
#include <workbook/cli.hpp>
#include <workbook/mpi.hpp>

#include <fmt/core.h>

#include <mpi.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

/// The message tags (see lessons/07_mpi_pool/README.md, "The protocol").
enum Tag : int { WORK = 1, DIE = 2, RESULT = 3, FAILED = 4, REASON = 5 };

/// The longest failure message a worker sends.
constexpr int max_reason = 256;

/// The task: how many steps the Collatz sequence takes from x down to 1 (x -> x/2 when x
/// is even, 3x + 1 when odd). Throws for x < 1, where the sequence is not defined.
long collatz_steps(long x) {
    if (x < 1) throw std::domain_error(fmt::format("collatz_steps({}): x must be 1 or more", x));
    long steps = 0;
    for (; x != 1; ++steps) x = x % 2 == 0 ? x / 2 : 3 * x + 1;
    return steps;
}

/// What the master learns about one task.
struct Outcome {
    bool done = false;
    bool failed = false;
    long value = 0;
    std::string reason;
};

/// The worker side, on every rank but 0: serve tasks until the DIE tag.
void worker_loop() {
    // TODO(07): the worker's loop. Until the master says stop:
    //           1. MPI_Recv a task {index, x} (two MPI_LONG) from rank 0, with MPI_ANY_TAG
    //              and a status; if status.MPI_TAG is DIE, return.
    //           2. Compute collatz_steps(x) and MPI_Send {index, steps} to rank 0, tag RESULT.
    //           3. If collatz_steps throws, send {index, 0} with tag FAILED, then the
    //              exception's message (what(), at most max_reason chars of MPI_CHAR) with
    //              tag REASON, and go on with the next task.
    //           Lesson text: lessons/07_mpi_pool/README.md, "The protocol".
    // The stub only waits for the stop message and never computes anything.
    long task[2] = {0, 0};
    MPI_Recv(task, 2, MPI_LONG, 0, DIE, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
}

/// Stub only, so that worker_loop can be tried before run_master is written: one round of
/// the pool. Task k goes to worker k + 1 (as many as there are workers and tasks), and the
/// replies are awaited for at most 1 s; a worker that has not replied by then is reported on
/// stderr. A failure's reason is not read (that is run_master's job). You may delete this
/// function once run_master is written.
void try_one_round(const std::vector<long>& xs, int workers, std::vector<Outcome>& outcomes) {
    const std::size_t round = std::min(static_cast<std::size_t>(workers), xs.size());
    std::vector<std::array<long, 2>> replies(round);
    std::vector<MPI_Request> pending(round);
    std::vector<MPI_Status> statuses(round);
    std::vector<int> replied(round, 0);
    for (std::size_t k = 0; k < round; ++k) {
        const int worker = static_cast<int>(k) + 1;
        const long task[2] = {static_cast<long>(k), xs[k]};
        MPI_Send(task, 2, MPI_LONG, worker, WORK, MPI_COMM_WORLD);
        MPI_Irecv(replies[k].data(), 2, MPI_LONG, worker, MPI_ANY_TAG, MPI_COMM_WORLD, &pending[k]);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    for (std::size_t waiting = round; waiting > 0 && std::chrono::steady_clock::now() < deadline;) {
        for (std::size_t k = 0; k < round; ++k) {
            if (replied[k]) continue;
            MPI_Test(&pending[k], &replied[k], &statuses[k]);
            if (replied[k]) --waiting;
        }
        if (waiting > 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    for (std::size_t k = 0; k < round; ++k) {
        const int worker = static_cast<int>(k) + 1;
        if (!replied[k]) {
            // Take the receive back; if the reply slipped in meanwhile, it still counts.
            MPI_Cancel(&pending[k]);
            MPI_Wait(&pending[k], &statuses[k]);
            int cancelled = 0;
            MPI_Test_cancelled(&statuses[k], &cancelled);
            if (cancelled) {
                fmt::print(stderr,
                           "run_master (stub): worker {} sent no reply to task {} within 1 s: is worker_loop "
                           "written?\n",
                           worker, k);
                continue;
            }
        }
        const long index = replies[k][0];
        if (index < 0 || index >= static_cast<long>(xs.size())) {
            fmt::print(stderr,
                       "run_master (stub): worker {} replied for task {}, which does not exist (it was given "
                       "task {})\n",
                       worker, index, k);
            continue;
        }
        Outcome& outcome = outcomes[static_cast<std::size_t>(index)];
        outcome.done = true;
        outcome.failed = statuses[k].MPI_TAG == FAILED;
        outcome.value = outcome.failed ? 0 : replies[k][1];
        if (outcome.failed) outcome.reason = "(the stub master does not read the reason)";
    }
    if (round < xs.size()) {
        const auto tasks = [](std::size_t from, std::size_t to) {
            return from == to ? fmt::format("task {}", from) : fmt::format("tasks {} to {}", from, to);
        };
        fmt::print(stderr, "run_master (stub): one round only: {} handed out, {} never\n", tasks(0, round - 1),
                   tasks(round, xs.size() - 1));
    }
}

/// The master side, on rank 0: collatz_steps of every x in `xs` on ranks 1 .. workers;
/// returns the outcomes in task order and leaves every worker stopped.
std::vector<Outcome> run_master(const std::vector<long>& xs, int workers) {
    std::vector<Outcome> outcomes(xs.size());
    // TODO(07): the master's loop.
    //           1. Hand out one task to each worker 1 .. workers (fewer if there are fewer
    //              tasks): MPI_Send {index, xs[index]} as two MPI_LONG with tag WORK.
    //           2. While replies are outstanding: MPI_Recv {index, value} from MPI_ANY_SOURCE
    //              with MPI_ANY_TAG; fill outcomes[index] (done; value, or, for tag FAILED,
    //              failed and the reason: the next message from that worker, tag REASON,
    //              length from MPI_Get_count). Give that worker (status.MPI_SOURCE) the next
    //              task, if any is left.
    //           3. Send every worker an empty message with tag DIE.
    //           Lesson text: lessons/07_mpi_pool/README.md, "The protocol".
    // Until then, the stub tries one round (one task per worker, at most 1 s for the
    // replies) and stops the workers: a worker_loop you have written shows its first
    // results, and the other tasks say "no reply".
    try_one_round(xs, workers, outcomes);
    for (int worker = 1; worker <= workers; ++worker) MPI_Send(nullptr, 0, MPI_LONG, worker, DIE, MPI_COMM_WORLD);
    return outcomes;
}

int main(int argc, char** argv) {
    workbook::mpi::Session mpi(argc, argv);
    long first = 1;
    int tasks = 20;
    workbook::Cli cli{
        "Lesson 07 exercise 'worker_loop': a master-worker pool computes collatz_steps(x)\n"
        "for x = first, first+1, ...; results in task order, failures reported. Run with at\n"
        "least 2 ranks: rank 0 is the master, the others are the workers."};
    cli.option("--first", first, "the first x", workbook::between(-1'000'000, 1'000'000'000));
    cli.option("--tasks", tasks, "how many tasks", workbook::between(1, 100'000));
    cli.parse(argc, argv);
    if (mpi.size() < 2)
        workbook::usage_error("a pool needs a master and at least one worker (start it on 2 ranks or more)");

    return workbook::mpi::run([&] {
        const int workers = mpi.size() - 1;
        if (!mpi.is_root()) {
            worker_loop();
            return;
        }
        std::vector<long> xs(static_cast<std::size_t>(tasks));
        for (std::size_t i = 0; i < xs.size(); ++i) xs[i] = first + static_cast<long>(i);
        const auto outcomes = run_master(xs, workers);

        // Who did which task changes from run to run, so it is not printed: this output is
        // the same at every rank count.
        fmt::print("collatz_steps(x) for x = {} .. {}, {} tasks\n", xs.front(), xs.back(), tasks);
        int results = 0, failures = 0;
        for (std::size_t i = 0; i < outcomes.size(); ++i) {
            const Outcome& o = outcomes[i];
            if (!o.done) {
                fmt::print("task {}: no reply\n", i);
            } else if (o.failed) {
                fmt::print("task {}: FAILED: {}\n", i, o.reason);
                ++failures;
            } else {
                fmt::print("task {}: collatz_steps({}) = {}\n", i, xs[i], o.value);
                ++results;
            }
        }
        fmt::print("{} results, {} failures, {} without a reply\n", results, failures, tasks - results - failures);
    });
}
