#include "process_pool.hpp"

#include <workbook/sys.hpp>

#include <fmt/core.h>

#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <iterator>
#include <stdexcept>
#include <system_error>

namespace pools {

namespace testing {
std::atomic<pid_t (*)()> fork_call{&::fork};
}  // namespace testing

namespace {

/// The signals that ask a program to stop: kill's default, Ctrl-C, a closed terminal.
constexpr int stop_signals[] = {SIGTERM, SIGINT, SIGHUP};

/// Every pool's live workers, where the stop handler can find them: a fixed table of
/// atomic slots (0: free), because a signal handler may not take a lock or allocate.
/// A worker that finds no free slot still dies with its parent (PDEATHSIG), only later.
constexpr std::size_t table_size = 1024;
std::atomic<pid_t> worker_table[table_size];

/// Set by the stop handler before it kills the workers: the dispatcher, seeing them die,
/// must neither reap them (the handler does) nor replace them.
std::atomic<bool> stopping_on_signal{false};

void remember_worker(pid_t pid) {
    for (auto& slot : worker_table) {
        pid_t free = 0;
        if (slot.compare_exchange_strong(free, pid)) return;
    }
}

void forget_worker(pid_t pid) {
    for (auto& slot : worker_table) {
        pid_t mine = pid;
        if (slot.compare_exchange_strong(mine, 0)) return;
    }
}

/// The stop signals as a set: the dispatcher blocks them, a new worker unblocks them.
sigset_t stop_signal_set() {
    sigset_t set;
    sigemptyset(&set);
    for (int signal : stop_signals) sigaddset(&set, signal);
    return set;
}

/// A stop signal while a pool exists: kill and reap every worker, say one line, exit with
/// 128 + the signal, as a shell reports a death by signal. Only async-signal-safe calls
/// (kill, waitpid, write, _exit): no fmt, no malloc, no lock. Reaping here, not leaving
/// it to PDEATHSIG, means no worker outlives this line, not even as a zombie. It never
/// runs on a dispatcher thread, which blocks these signals.
extern "C" void stop_on_signal(int signal) {
    stopping_on_signal = true;
    pid_t stopped[table_size];
    std::size_t count = 0;
    for (auto& slot : worker_table) {
        if (const pid_t pid = slot.load(); pid > 0 && kill(pid, SIGKILL) == 0) stopped[count++] = pid;
    }
    for (std::size_t i = 0; i < count; ++i) {
        while (waitpid(stopped[i], nullptr, 0) < 0 && errno == EINTR) {}
    }
    char line[256];
    std::size_t n = 0;
    auto add = [&](const char* text) {
        while (*text != '\0' && n < sizeof line - 1) line[n++] = *text++;
    };
    char digits[24];
    std::size_t d = sizeof digits;
    digits[--d] = '\0';
    for (std::size_t rest = count; d == sizeof digits - 1 || rest > 0; rest /= 10) {
        digits[--d] = static_cast<char>('0' + rest % 10);
    }
    add(program_invocation_short_name);
    add(": stopped by ");
    add(signal == SIGTERM ? "SIGTERM" : signal == SIGINT ? "SIGINT" : "SIGHUP");
    add("; its ");
    add(digits + d);
    add(count == 1 ? " worker stopped\n" : " workers stopped\n");
    (void)!write(STDERR_FILENO, line, n);
    _exit(128 + signal);
}

/// The stop handler is installed while at least one pool exists, and only for a signal
/// the program left at its default action (it may have its own, or nohup may ignore it).
std::mutex handlers_mutex;
int pools_alive = 0;
struct sigaction handlers_before[std::size(stop_signals)];

void pool_opened() {
    std::lock_guard lock(handlers_mutex);
    if (pools_alive++ > 0) return;
    struct sigaction ours {};
    ours.sa_handler = stop_on_signal;
    sigfillset(&ours.sa_mask);  // a second signal waits: one line, one exit
    for (std::size_t i = 0; i < std::size(stop_signals); ++i) {
        sigaction(stop_signals[i], nullptr, &handlers_before[i]);
        if (handlers_before[i].sa_handler == SIG_DFL) sigaction(stop_signals[i], &ours, nullptr);
    }
}

void pool_closed() {
    std::lock_guard lock(handlers_mutex);
    if (--pools_alive > 0) return;
    for (std::size_t i = 0; i < std::size(stop_signals); ++i) {
        struct sigaction now {};
        sigaction(stop_signals[i], nullptr, &now);
        if (now.sa_handler == stop_on_signal) sigaction(stop_signals[i], &handlers_before[i], nullptr);
    }
}

/// What travels before a task's arguments, parent to worker.
struct TaskHeader {
    std::uint64_t id;
    wire::Runner runner;
    std::uintptr_t function;
    std::uint64_t size;
};

/// What travels before a result, worker to parent.
struct ReplyHeader {
    std::uint64_t id;
    std::uint32_t ok;  // 0: the task threw, and the bytes are its message
    std::uint64_t size;
};

/// Sends everything or reports failure (the other end is gone). MSG_NOSIGNAL: a dead
/// peer must not kill us with SIGPIPE.
bool send_all(int fd, const void* data, std::size_t size) {
    const auto* bytes = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t sent = send(fd, bytes, size, MSG_NOSIGNAL);
        if (sent < 0 && errno == EINTR) continue;
        if (sent <= 0) return false;
        bytes += sent;
        size -= static_cast<std::size_t>(sent);
    }
    return true;
}

/// Reads exactly `size` bytes; false on end of file (the peer is gone).
bool read_all(int fd, void* data, std::size_t size) {
    auto* bytes = static_cast<char*>(data);
    while (size > 0) {
        const ssize_t got = read(fd, bytes, size);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return false;
        bytes += got;
        size -= static_cast<std::size_t>(got);
    }
    return true;
}

/// A worker's whole life: take a task, run it, send the result back, until the parent
/// closes the socket. An exception in a task is sent back as text; the worker goes on.
[[noreturn]] void worker_main(int socket) {
    TaskHeader task{};
    while (read_all(socket, &task, sizeof task)) {
        wire::Bytes payload(task.size);
        if (!read_all(socket, payload.data(), payload.size())) break;
        wire::Bytes result;
        std::string error;
        try {
            result = task.runner(task.function, payload.data(), payload.size());
        } catch (const std::exception& e) { error = e.what(); } catch (...) {
            error = "an unknown exception";
        }
        const bool ok = error.empty();
        const ReplyHeader reply{task.id, ok ? 1u : 0u, ok ? result.size() : error.size()};
        if (!send_all(socket, &reply, sizeof reply) ||
            !send_all(socket, ok ? static_cast<const void*>(result.data()) : error.data(), reply.size)) {
            break;
        }
    }
    _exit(0);
}

}  // namespace

ProcessPool::ProcessPool(int workers) : worker_count_(static_cast<std::size_t>(workers)) {
    if (workers < 1) throw std::invalid_argument("a pool needs at least one worker");
    wake_fd_ = workbook::checked(eventfd(0, EFD_CLOEXEC), "eventfd");
    workers_.resize(worker_count_);
    // The dispatcher thread forks every worker, the first ones too: PR_SET_PDEATHSIG fires
    // when the *thread* that forked a worker ends, and this thread lives as long as the pool.
    std::promise<void> started;
    auto ready = started.get_future();
    dispatcher_ = std::thread([this, started = std::move(started)]() mutable {
        // The stop handler runs on another thread, never on this one: it can then kill
        // the workers while this thread, seeing them die, stands still (replace_dead_worker).
        // And a child forked from here cannot run the parent's handler before it has
        // put its own signal actions in place.
        const sigset_t stop = stop_signal_set();
        pthread_sigmask(SIG_BLOCK, &stop, nullptr);
        try {
            for (std::size_t i = 0; i < worker_count_; ++i) start_worker(i);
        } catch (...) {
            started.set_exception(std::current_exception());
            return;
        }
        started.set_value();
        dispatch_loop();
    });
    try {
        ready.get();
    } catch (...) {
        // A fork failed: the workers already started go, and the caller hears why.
        dispatcher_.join();
        stop_workers();
        close(wake_fd_);
        throw;
    }
    pool_opened();
}

ProcessPool::~ProcessPool() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake();
    dispatcher_.join();
    stop_workers();
    const auto why = std::make_exception_ptr(WorkerDied("the pool was shut down before the task finished"));
    for (auto& [id, job] : running_) job.done(nullptr, why);
    for (auto& job : queue_) job.done(nullptr, why);
    close(wake_fd_);
    pool_closed();
}

void ProcessPool::stop_workers() {
    // Terminate, as Python's pool does on exit: a worker in the middle of a 10 s sleep is
    // not waited for. Then reap every worker, so none is left as a zombie.
    for (auto& w : workers_) {
        if (w.pid <= 0) continue;  // an empty place: kill(-1) would mean every process
        kill(w.pid, SIGKILL);
        close(w.socket);
    }
    for (auto& w : workers_) {
        if (w.pid <= 0) continue;
        forget_worker(w.pid);  // before waitpid: the stop handler must never kill a reaped pid
        while (waitpid(w.pid, nullptr, 0) < 0 && errno == EINTR) {}
        w = {};
    }
}

int ProcessPool::size() const {
    std::lock_guard lock(mutex_);
    int alive = 0;
    for (const auto& w : workers_) alive += w.pid > 0 ? 1 : 0;
    return alive;
}

std::vector<pid_t> ProcessPool::worker_pids() const {
    std::lock_guard lock(mutex_);
    std::vector<pid_t> pids;
    for (const auto& w : workers_) {
        if (w.pid > 0) pids.push_back(w.pid);
    }
    return pids;
}

void ProcessPool::start_worker(std::size_t index) {
    int ends[2];
    workbook::checked(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends), "socketpair");
    // Anything still in stdout's buffer would be printed a second time by the child.
    std::fflush(nullptr);
    const pid_t parent = getpid();
    const pid_t pid = testing::fork_call.load()();
    const int fork_error = errno;
    if (pid == 0) {
        // Die with the parent, however it ends (kill -9 too): the kernel sends SIGKILL
        // when the thread that forked us ends. If the parent died before this line, no
        // signal will come: getppid() is no longer the parent, so leave now.
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(1);
        // Ctrl-C and a closed terminal reach every process of the terminal's group,
        // workers included: the parent answers for all of us, and we die with it.
        std::signal(SIGTERM, SIG_DFL);
        std::signal(SIGINT, SIG_IGN);
        std::signal(SIGHUP, SIG_IGN);
        const sigset_t stop = stop_signal_set();  // blocked in the dispatcher that forked us
        pthread_sigmask(SIG_UNBLOCK, &stop, nullptr);
        // The child keeps only its own end: holding the parent's ends of the other
        // workers' sockets would keep those workers from ever seeing end of file.
        close(ends[0]);
        for (const auto& w : workers_) {
            if (w.socket >= 0) close(w.socket);
        }
        close(wake_fd_);
        worker_main(ends[1]);
    }
    if (pid < 0) {
        close(ends[0]);
        close(ends[1]);
        throw std::system_error(fork_error, std::generic_category(), "fork");
    }
    close(ends[1]);
    remember_worker(pid);
    std::lock_guard lock(mutex_);
    workers_[index] = {pid, ends[0], 0};
}

void ProcessPool::enqueue(wire::Runner runner, std::uintptr_t function, wire::Bytes payload, Done done) {
    std::unique_lock lock(mutex_);
    if (stopping_) throw std::logic_error("submit on a pool that is shutting down");
    if (!no_worker_left_.empty()) {
        // No worker will ever take it: fail it now rather than let get() wait forever.
        const auto why = std::make_exception_ptr(WorkerDied(no_worker_left_));
        lock.unlock();
        done(nullptr, why);
        return;
    }
    queue_.push_back({next_id_++, runner, function, std::move(payload), std::move(done)});
    // Sent right away if a worker is idle: the submitting thread does it, so a task does
    // not wait for the dispatcher thread to wake up (that would cost another wake-up).
    hand_out_jobs();
}

void ProcessPool::wake() {
    const std::uint64_t one = 1;
    (void)!write(wake_fd_, &one, sizeof one);
}

void ProcessPool::hand_out_jobs() {
    for (auto& worker : workers_) {
        if (queue_.empty()) return;
        if (worker.running != 0 || worker.socket < 0) continue;
        Job job = std::move(queue_.front());
        queue_.pop_front();
        const TaskHeader header{job.id, job.runner, job.function, job.payload.size()};
        // If the worker is gone the send fails; poll() reports its end of file next and
        // replace_dead_worker() fails the task.
        (void)(send_all(worker.socket, &header, sizeof header) &&
               send_all(worker.socket, job.payload.data(), job.payload.size()));
        worker.running = job.id;
        running_.emplace(job.id, std::move(job));
    }
}

void ProcessPool::dispatch_loop() {
    std::vector<pollfd> fds;
    while (true) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return;
            fds.assign(1, {wake_fd_, POLLIN, 0});
            for (const auto& w : workers_) fds.push_back({w.socket, POLLIN, 0});
        }
        if (poll(fds.data(), fds.size(), -1) < 0) {
            if (errno == EINTR) continue;
            return;
        }
        if (fds[0].revents & POLLIN) {
            std::uint64_t count;
            (void)!read(wake_fd_, &count, sizeof count);
        }
        for (std::size_t i = 0; i < workers_.size(); ++i) {
            if (fds[i + 1].revents != 0) read_reply(i);
        }
    }
}

void ProcessPool::read_reply(std::size_t index) {
    // Only this (the dispatcher) thread reads the workers' sockets or replaces workers,
    // so the socket can be read without the lock.
    const int socket = workers_[index].socket;
    ReplyHeader header{};
    wire::Bytes bytes;
    bool complete = read_all(socket, &header, sizeof header);
    if (complete) {
        bytes.resize(header.size);
        complete = read_all(socket, bytes.data(), bytes.size());
    }
    if (!complete) {
        replace_dead_worker(index);
        return;
    }
    decltype(running_)::node_type job;
    {
        std::lock_guard lock(mutex_);
        job = running_.extract(header.id);
        workers_[index].running = 0;
        hand_out_jobs();  // the worker is free: give it the next task waiting
    }
    if (job.empty()) return;
    // Outside the lock: fulfilling a result wakes whoever waits for it.
    if (header.ok) {
        job.mapped().done(&bytes, nullptr);
    } else {
        const std::string message(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        job.mapped().done(nullptr, std::make_exception_ptr(std::runtime_error(message)));
    }
}

void ProcessPool::replace_dead_worker(std::size_t index) {
    // The program is being stopped by a signal: its handler killed the worker, reaps it
    // and ends the program. Replace nothing, fail no task: wait for the end.
    while (stopping_on_signal) pause();
    const pid_t pid = workers_[index].pid;
    forget_worker(pid);  // before waitpid: the stop handler must never kill a reaped pid
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    decltype(running_)::node_type job;
    std::uint64_t task = 0;
    {
        std::lock_guard lock(mutex_);
        Worker& w = workers_[index];
        task = w.running;
        if (task != 0) job = running_.extract(task);
        close(w.socket);
        w = {};  // an empty place: hand_out_jobs() passes it over
    }
    // A new worker takes its place, so the pool keeps its size. If fork fails (too many
    // processes, no memory), the place stays empty and the pool goes on with fewer workers.
    std::string no_replacement;
    try {
        start_worker(index);
    } catch (const std::exception& error) { no_replacement = error.what(); }
    const std::string death =
        fmt::format("worker {} (pid {}) {}", index + 1, pid, workbook::describe_wait_status(status));
    std::deque<Job> orphaned;  // tasks no worker is left to run
    std::string no_worker_left;
    {
        std::lock_guard lock(mutex_);
        if (!no_replacement.empty()) {
            int alive = 0;
            for (const auto& w : workers_) alive += w.pid > 0 ? 1 : 0;
            // Said on stderr: it happens when no task may be there to hear it.
            fmt::print(stderr, "{}: {}, and no new worker replaces it ({}): {}\n", program_invocation_short_name, death,
                       no_replacement,
                       alive > 0 ? fmt::format("the pool goes on with {} of its {} workers", alive, worker_count_)
                                 : std::string("the pool has no worker left, its tasks fail"));
            if (alive == 0) {
                no_worker_left_ = fmt::format("the pool has no worker left: {}, and no new worker replaces it ({})",
                                              death, no_replacement);
                no_worker_left = no_worker_left_;
                orphaned.swap(queue_);
            }
        }
        hand_out_jobs();
    }
    // Outside the lock: fulfilling a result wakes whoever waits for it.
    if (!job.empty()) {
        job.mapped().done(
            nullptr,
            std::make_exception_ptr(WorkerDied(fmt::format(
                "{} while running task {}{}", death, task,
                no_replacement.empty() ? "" : fmt::format("; no new worker replaces it ({})", no_replacement)))));
    }
    for (auto& waiting : orphaned) waiting.done(nullptr, std::make_exception_ptr(WorkerDied(no_worker_left)));
}

}  // namespace pools
