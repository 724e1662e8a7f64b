/// @file pool.hpp
/// @brief The pypar master-worker pool in plain MPI: the master hands out tasks, each
/// worker sends back a result and gets the next task, a stop tag ends the workers.
///
/// The protocol of the course's reference article ("managing a pool of MPI processes with
/// Python and pypar", shocksolution 2010), message by message:
///
///     master -> worker   WORK    {index, argument}   a task; the worker computes f(argument)
///     worker -> master   RESULT  {index, value}      f(argument) came out as value
///     worker -> master   FAILED  {index, 0}          f threw; the next message says why:
///     worker -> master   REASON  "text"              the exception's message
///     master -> worker   DIE     (empty)             no more work: leave the loop
///
/// Every reply carries its task's index, so the master puts each result in its own place
/// whatever order the replies arrive in: results come back in task order.
/// Used by the demos master_worker and static_vs_dynamic and by pool_bench.
#pragma once

#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <exception>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <time.h>

namespace lesson07 {

/// The message tags. A tag is a number the receiver can select on or look at
/// (status.MPI_TAG): here it says what kind of message this is.
enum Tag : int { WORK = 1, DIE = 2, RESULT = 3, FAILED = 4, REASON = 5 };

/// The longest failure message a worker sends (longer ones are cut).
constexpr int max_reason = 256;

/// What the master learns about one task.
struct Outcome {
    bool done = false;    ///< a reply came back
    bool failed = false;  ///< the task threw on its worker
    long value = 0;       ///< the result, when done and not failed
    std::string reason;   ///< the exception's message, when failed
    int worker = 0;       ///< the rank that did it
};

/// What a worker did, for load-balance tables.
struct WorkerStats {
    long tasks = 0;
    double busy_seconds = 0;  ///< CPU time spent inside f, not waiting for messages
};

/// CPU time of the calling thread. Not wall-clock time: when there are more ranks than
/// cores, the OS takes turns between them, and a task's wall time would include the turns
/// of the other ranks.
inline double cpu_seconds() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

/// How a rank waits for a message.
///   spin: MPI_Recv. Open MPI polls for the message on the CPU until it comes: the lowest
///         latency, and a core kept busy doing nothing.
///   nap:  MPI_Irecv, then MPI_Test every 50 us and sleep in between: up to 50 us later,
///         but the core is free. That matters when there are more ranks than cores (a
///         laptop, or a master sharing a core with a worker): a spinning rank takes the
///         CPU from a rank that has real work.
enum class Wait { spin, nap };

/// MPI_Recv, waiting the way `wait` says.
inline void receive(void* buffer, int count, MPI_Datatype type, int source, int tag, MPI_Status* status, Wait wait) {
    if (wait == Wait::spin) {
        MPI_Recv(buffer, count, type, source, tag, MPI_COMM_WORLD, status);
        return;
    }
    MPI_Request request;
    MPI_Irecv(buffer, count, type, source, tag, MPI_COMM_WORLD, &request);
    for (int done = 0;;) {
        MPI_Test(&request, &done, status);
        if (done) return;
        std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
}

/// The worker side: serve tasks from rank 0 until the DIE tag. Runs on every rank but 0.
/// With `stats`, also counts the tasks and the CPU time spent in f (two clock readings a
/// task: a load-balance table wants them, a benchmark of the bare protocol does not).
inline void serve(const std::function<long(long)>& f, Wait wait = Wait::spin, WorkerStats* stats = nullptr) {
    for (;;) {
        long task[2] = {0, 0};  // {index, argument}
        MPI_Status status;
        // Any tag: the tag says whether this is work or the end.
        receive(task, 2, MPI_LONG, 0, MPI_ANY_TAG, &status, wait);
        if (status.MPI_TAG == DIE) return;

        long reply[2] = {task[0], 0};  // the index goes back with the answer
        std::string reason;
        const double start = stats != nullptr ? cpu_seconds() : 0.0;
        try {
            reply[1] = f(task[1]);
        } catch (const std::exception& error) {
            // A task that throws must not take the worker (and the whole job) down: the
            // master hears about it and carries on with the other tasks.
            reason = error.what();
        }
        if (stats != nullptr) {
            stats->busy_seconds += cpu_seconds() - start;
            ++stats->tasks;
        }
        if (reason.empty()) {
            MPI_Send(reply, 2, MPI_LONG, 0, RESULT, MPI_COMM_WORLD);
        } else {
            const int length = std::min(static_cast<int>(reason.size()), max_reason);
            MPI_Send(reply, 2, MPI_LONG, 0, FAILED, MPI_COMM_WORLD);
            MPI_Send(reason.data(), length, MPI_CHAR, 0, REASON, MPI_COMM_WORLD);
        }
    }
}

/// The master side: runs f over `arguments` on ranks 1 .. workers and returns the outcomes
/// in task order. `on_reply(index, outcome)` is called as each reply arrives (in the order
/// they arrive). Does not stop the workers: call stop_workers() when the pool is done.
inline std::vector<Outcome> run_tasks(const std::vector<long>& arguments, int workers,
                                      const std::function<void(std::size_t, const Outcome&)>& on_reply = {},
                                      Wait wait = Wait::spin) {
    std::vector<Outcome> outcomes(arguments.size());
    std::size_t next = 0;  // the next task to hand out
    int in_flight = 0;     // tasks handed out whose reply has not come back yet
    const auto hand_out = [&](int worker) {
        long task[2] = {static_cast<long>(next), arguments[next]};
        MPI_Send(task, 2, MPI_LONG, worker, WORK, MPI_COMM_WORLD);
        ++next;
        ++in_flight;
    };

    // One task to every worker to start with (fewer if there are fewer tasks).
    for (int worker = 1; worker <= workers && next < arguments.size(); ++worker) hand_out(worker);

    // Then: whoever answers first gets the next task. MPI_ANY_SOURCE is what makes the pool
    // dynamic: a fast worker comes back more often and so does more tasks.
    while (in_flight > 0) {
        long reply[2];
        MPI_Status status;
        receive(reply, 2, MPI_LONG, MPI_ANY_SOURCE, MPI_ANY_TAG, &status, wait);
        --in_flight;
        const int worker = status.MPI_SOURCE;
        if (reply[0] < 0 || reply[0] >= static_cast<long>(outcomes.size())) {
            throw std::runtime_error("rank " + std::to_string(worker) + " replied for task " +
                                     std::to_string(reply[0]) + ", which does not exist");
        }
        Outcome& outcome = outcomes[static_cast<std::size_t>(reply[0])];
        outcome.done = true;
        outcome.worker = worker;
        if (status.MPI_TAG == FAILED) {
            // The reason follows from the same worker: MPI keeps messages between one pair
            // of ranks in order, so it is the next one from `worker`.
            char text[max_reason];
            int length = 0;
            MPI_Recv(text, max_reason, MPI_CHAR, worker, REASON, MPI_COMM_WORLD, &status);
            MPI_Get_count(&status, MPI_CHAR, &length);
            outcome.failed = true;
            outcome.reason.assign(text, static_cast<std::size_t>(length));
        } else {
            outcome.value = reply[1];
        }
        if (on_reply) on_reply(static_cast<std::size_t>(reply[0]), outcome);
        if (next < arguments.size()) hand_out(worker);
    }
    return outcomes;
}

/// Sends DIE to ranks 1 .. workers: each leaves serve(). Without it they would wait for
/// work for ever, and so would the job.
inline void stop_workers(int workers) {
    for (int worker = 1; worker <= workers; ++worker) MPI_Send(nullptr, 0, MPI_LONG, worker, DIE, MPI_COMM_WORLD);
}

}  // namespace lesson07
