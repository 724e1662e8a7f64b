/// @file process_pool.hpp
/// @brief A pool of worker processes with ThreadPool's interface: Python's multiprocessing.Pool.
///
/// Workers are forked once. A task travels to a worker as bytes: which function to call and
/// its arguments; the result comes back the same way. Python pickles the function's name;
/// we send the function's address, which means the same code in the worker because a
/// forked child is a copy of its parent (not after exec, and not on another node: that is
/// MPI's job, lesson 06). So tasks are plain functions, and their arguments and results
/// are trivially copyable values (numbers, PODs).
///
/// The bytes go through a mailbox per worker in memory the parent shares with it (mapped
/// before the fork), not through the kernel: putting a task there costs a store, and a
/// worker that has just finished a task watches its mailbox for a few microseconds before
/// it goes to sleep. Waking a sleeping process costs tens of microseconds (much more in a
/// virtual machine), more than the whole round trip otherwise takes. So a thread waiting
/// for its result also watches the mailboxes for a moment and takes the result itself;
/// only when nobody watches does a worker ring the pool's doorbell (an eventfd) for the
/// dispatcher thread. Arguments or results too large for a mailbox travel through the
/// worker's socket, which also tells the dispatcher when a worker dies (end of file).
///
/// Better than multiprocessing.Pool, which hangs when a worker dies: a worker killed in
/// the middle of a task fails that task's result with WorkerDied (which worker, how it
/// ended), a new worker takes its place, the other tasks complete. If no new worker can
/// be forked, the pool says so on stderr and goes on with fewer; with none left, every
/// task fails with WorkerDied instead of waiting forever. Shutting the pool down kills and
/// reaps every worker: no zombies.
///
/// Workers die with their parent: each one asks the kernel for SIGKILL when the thread
/// that forked it ends (PR_SET_PDEATHSIG), however the parent ends, `kill -9` included.
/// While a pool exists, SIGTERM, SIGINT and SIGHUP (if the program left them at their
/// default action) make the parent say one line and exit with 128 + the signal's number.
#pragma once

#include "async_result.hpp"
#include "thread_pool.hpp"  // Completions

#include <sys/types.h>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <vector>

namespace pools {

namespace testing {
/// For tests only: the call a ProcessPool makes to fork a worker, ::fork unless a test
/// swaps in one that fails (returns -1 with errno set) to see what the pool does when
/// fork fails. Programs never touch it.
extern std::atomic<pid_t (*)()> fork_call;
}  // namespace testing

namespace wire {

using Bytes = std::vector<std::byte>;

/// Runs one task inside a worker: decodes the arguments, calls the function, encodes the
/// result. One instantiation per function type; its address travels with the task.
using Runner = Bytes (*)(std::uintptr_t function, const std::byte* payload, std::size_t size);

template <typename T>
void append(Bytes& out, const T& value) {
    static_assert(std::is_trivially_copyable_v<T>,
                  "ProcessPool tasks take and return trivially copyable values (they travel as bytes)");
    const auto* bytes = reinterpret_cast<const std::byte*>(&value);
    out.insert(out.end(), bytes, bytes + sizeof(T));
}

template <typename T>
T read(const std::byte* from) {
    T value;
    std::memcpy(&value, from, sizeof(T));
    return value;
}

template <typename R, typename... A>
Bytes run_call(std::uintptr_t function, const std::byte* payload, std::size_t /*size*/) {
    auto f = reinterpret_cast<R (*)(A...)>(function);
    std::tuple<std::decay_t<A>...> args;
    std::size_t offset = 0;
    std::apply([&](auto&... arg) { ((std::memcpy(&arg, payload + offset, sizeof arg), offset += sizeof arg), ...); },
               args);
    Bytes out;
    if constexpr (std::is_void_v<R>) {
        std::apply(f, args);
    } else {
        append(out, std::apply(f, args));
    }
    return out;
}

template <typename R, typename A>
Bytes run_chunk(std::uintptr_t function, const std::byte* payload, std::size_t size) {
    auto f = reinterpret_cast<R (*)(A)>(function);
    Bytes out;
    out.reserve(size / sizeof(A) * sizeof(R));
    for (std::size_t offset = 0; offset + sizeof(A) <= size; offset += sizeof(A)) {
        append(out, f(read<A>(payload + offset)));
    }
    return out;
}

}  // namespace wire

class ProcessPool {
public:
    /// Forks `workers` worker processes.
    explicit ProcessPool(int workers);
    /// Like Python's `with Pool() as pool:` on exit (terminate): workers are killed, even
    /// one in the middle of a task, and reaped; unfinished results fail with WorkerDied.
    ~ProcessPool();
    ProcessPool(const ProcessPool&) = delete;
    ProcessPool& operator=(const ProcessPool&) = delete;

    /// The workers alive now: fewer than asked for only if a dead one could not be replaced.
    [[nodiscard]] int size() const;
    /// The workers' process ids now (a worker that died has been replaced by another).
    [[nodiscard]] std::vector<pid_t> worker_pids() const;

    /// Runs f(args...) in a worker process.
    template <typename R, typename... A>
    AsyncResult<R> submit(R (*f)(A...), std::type_identity_t<A>... args) {
        wire::Bytes payload;
        (wire::append(payload, args), ...);
        auto promise = std::make_shared<std::promise<R>>();
        AsyncResult<R> result(promise->get_future(), waiter());
        enqueue(&wire::run_call<R, A...>, reinterpret_cast<std::uintptr_t>(f), std::move(payload),
                [promise](const wire::Bytes* reply, std::exception_ptr error) {
                    if (!reply) {
                        promise->set_exception(error);
                    } else if constexpr (std::is_void_v<R>) {
                        promise->set_value();
                    } else {
                        promise->set_value(wire::read<R>(reply->data()));
                    }
                });
        return result;
    }

    /// f over every item, in the items' order, sent to the workers in chunks.
    template <typename R, typename A>
    std::vector<R> map(R (*f)(A), const std::vector<std::type_identity_t<A>>& items, std::size_t chunk = 0) {
        if (chunk == 0) chunk = default_chunk(items.size(), worker_count_);
        std::vector<R> results(items.size());
        std::vector<std::future<void>> chunks;
        for (std::size_t first = 0; first < items.size(); first += chunk) {
            const std::size_t last = std::min(items.size(), first + chunk);
            wire::Bytes payload;
            for (std::size_t i = first; i < last; ++i) wire::append(payload, items[i]);
            auto promise = std::make_shared<std::promise<void>>();
            chunks.push_back(promise->get_future());
            enqueue(&wire::run_chunk<R, A>, reinterpret_cast<std::uintptr_t>(f), std::move(payload),
                    [promise, &results, first](const wire::Bytes* reply, std::exception_ptr error) {
                        if (!reply) {
                            promise->set_exception(error);
                            return;
                        }
                        for (std::size_t k = 0; k * sizeof(R) < reply->size(); ++k) {
                            results[first + k] = wire::read<R>(reply->data() + k * sizeof(R));
                        }
                        promise->set_value();
                    });
        }
        // Wait for every chunk, even after one failed: the others still write into
        // `results`, which must outlive them. Then rethrow the first failure.
        std::exception_ptr first_failure;
        for (auto& c : chunks) {
            try {
                c.get();
            } catch (...) {
                if (!first_failure) first_failure = std::current_exception();
            }
        }
        if (first_failure) std::rethrow_exception(first_failure);
        return results;
    }

    /// f over every item, results as they finish (Python's imap_unordered).
    template <typename R, typename A>
    Completions<R> map_unordered(R (*f)(A), const std::vector<std::type_identity_t<A>>& items) {
        auto state = std::make_shared<typename Completions<R>::State>();
        state->expected = items.size();
        for (const A& item : items) {
            wire::Bytes payload;
            wire::append(payload, item);
            enqueue(&wire::run_call<R, A>, reinterpret_cast<std::uintptr_t>(f), std::move(payload),
                    [state](const wire::Bytes* reply, std::exception_ptr) {
                        std::lock_guard lock(state->mutex);
                        if (reply) {
                            state->done.push_back(wire::read<R>(reply->data()));
                        } else {
                            --state->expected;  // a lost task is left out, not waited for forever
                        }
                        state->changed.notify_one();
                    });
        }
        return Completions<R>(state);
    }

    // The memory the pool shares with its workers (defined in process_pool.cpp).
    struct Mailbox;  // one per worker: a task going, its result coming back
    struct Shared;   // a counter of threads watching for results, then the mailboxes

private:
    /// Called once with the reply, or with nullptr and why the task failed: WorkerDied,
    /// or a std::runtime_error carrying the message of the task's own exception.
    using Done = std::function<void(const wire::Bytes* reply, std::exception_ptr error)>;

    struct Job {
        std::uint64_t id;
        wire::Runner runner;
        std::uintptr_t function;
        wire::Bytes payload;
        Done done;
    };

    struct Worker {
        pid_t pid = -1;              // -1: an empty place (a dead worker no new one replaced)
        int socket = -1;             // the parent's end of the worker's socket pair
        int doorbell = -1;           // an eventfd that wakes the worker when it sleeps
        std::uint64_t running = 0;   // the task id it runs, 0 when idle
        std::uint64_t task_seq = 0;  // how many tasks its mailbox has carried
    };

    /// A task whose reply has been taken from its worker, to be delivered to its result.
    struct Finished {
        std::unordered_map<std::uint64_t, Job>::node_type job;
        wire::Bytes bytes;
        bool ok = false;
    };

    /// What a waiting thread's AsyncResult calls: wait_briefly() while the pool exists.
    struct Helper {
        std::shared_mutex mutex;  // shared while a thread watches, exclusive to close
        ProcessPool* pool;
    };

    void enqueue(wire::Runner runner, std::uintptr_t function, wire::Bytes payload, Done done);
    void start_worker(std::size_t index);
    void stop_workers();  // kills and reaps every worker (the dispatcher has ended)
    void dispatch_loop();
    void hand_out_jobs();  // with mutex_ held: sends waiting tasks to idle workers
    Mailbox& mailbox(std::size_t index) const;
    /// With mutex_ held: worker `index`'s finished task, if its reply is in its mailbox;
    /// one whose bytes come through the socket only with them (the dispatcher reads those).
    std::optional<Finished> take_reply(std::size_t index, wire::Bytes* socket_bytes = nullptr);
    /// Takes every reply waiting in a mailbox and delivers it (try_only: give up at once if
    /// another thread holds the lock).
    void collect_replies(bool try_only);
    /// The dispatcher, when a worker's socket is readable: a large reply, or the end of
    /// file that says the worker died.
    void read_socket(std::size_t index);
    void replace_dead_worker(std::size_t index);
    void wake();
    WaitBriefly waiter() const;
    void wait_briefly(const std::function<bool()>& ready);
    static void deliver(Finished& finished);

    std::size_t worker_count_;
    mutable std::mutex mutex_;  // guards queue_, running_, workers_ and stopping_
    std::deque<Job> queue_;
    std::unordered_map<std::uint64_t, Job> running_;  // tasks in a worker, by id
    std::vector<Worker> workers_;
    std::uint64_t next_id_ = 1;
    bool stopping_ = false;
    std::string no_worker_left_;  // why, once no worker is left: every task fails with it
    int wake_fd_ = -1;            // an eventfd: submit() wakes the dispatcher through it
    int reply_doorbell_ = -1;     // an eventfd: a worker wakes the dispatcher with a reply
    Shared* shared_ = nullptr;    // mapped before the first fork, shared with every worker
    std::size_t shared_bytes_ = 0;
    std::shared_ptr<Helper> helper_;
    std::thread dispatcher_;
};

}  // namespace pools
