/// @file worker_loop.cpp
/// @brief Exercise (solution): both sides of the pypar pool. The workers loop: receive a
/// task, compute, send the result back with the task's index, until the DIE tag. The master
/// hands out tasks, gives the next one to whichever worker answers, collects the results in
/// task order, and ends the workers with DIE. Graded at 2, 3 and 4 ranks.
#include <workbook/cli.hpp>
#include <workbook/mpi.hpp>

#include <fmt/core.h>

#include <mpi.h>

#include <algorithm>
#include <stdexcept>
#include <string>
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
    for (;;) {
        long task[2] = {0, 0};  // {index, x}
        MPI_Status status;
        MPI_Recv(task, 2, MPI_LONG, 0, MPI_ANY_TAG, MPI_COMM_WORLD, &status);
        if (status.MPI_TAG == DIE) return;
        long reply[2] = {task[0], 0};  // the task's index goes back with its answer
        try {
            reply[1] = collatz_steps(task[1]);
            MPI_Send(reply, 2, MPI_LONG, 0, RESULT, MPI_COMM_WORLD);
        } catch (const std::exception& error) {
            // Report the failure and stay in the loop: the other tasks still need a worker.
            const std::string reason = error.what();
            MPI_Send(reply, 2, MPI_LONG, 0, FAILED, MPI_COMM_WORLD);
            MPI_Send(reason.data(), static_cast<int>(std::min<std::size_t>(reason.size(), max_reason)), MPI_CHAR, 0,
                     REASON, MPI_COMM_WORLD);
        }
    }
}

/// The master side, on rank 0: collatz_steps of every x in `xs` on ranks 1 .. workers;
/// returns the outcomes in task order and leaves every worker stopped.
std::vector<Outcome> run_master(const std::vector<long>& xs, int workers) {
    std::vector<Outcome> outcomes(xs.size());
    std::size_t next = 0;  // the next task to hand out
    int in_flight = 0;     // tasks out whose reply has not come back
    const auto hand_out = [&](int worker) {
        long task[2] = {static_cast<long>(next), xs[next]};
        MPI_Send(task, 2, MPI_LONG, worker, WORK, MPI_COMM_WORLD);
        ++next;
        ++in_flight;
    };
    for (int worker = 1; worker <= workers && next < xs.size(); ++worker) hand_out(worker);
    while (in_flight > 0) {
        long reply[2];
        MPI_Status status;
        // From whichever worker answers first: that one is free for the next task.
        MPI_Recv(reply, 2, MPI_LONG, MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &status);
        --in_flight;
        const int worker = status.MPI_SOURCE;
        if (reply[0] < 0 || reply[0] >= static_cast<long>(xs.size())) {
            throw std::runtime_error(
                fmt::format("rank {} replied for task {}, which does not exist", worker, reply[0]));
        }
        Outcome& outcome = outcomes[static_cast<std::size_t>(reply[0])];  // its own place: task order
        outcome.done = true;
        if (status.MPI_TAG == FAILED) {
            char text[max_reason];
            int length = 0;
            MPI_Recv(text, max_reason, MPI_CHAR, worker, REASON, MPI_COMM_WORLD, &status);
            MPI_Get_count(&status, MPI_CHAR, &length);
            outcome.failed = true;
            outcome.reason.assign(text, static_cast<std::size_t>(length));
        } else {
            outcome.value = reply[1];
        }
        if (next < xs.size()) hand_out(worker);
    }
    // Every worker is waiting for its next message: the stop tag.
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
