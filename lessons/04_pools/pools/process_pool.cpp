#include "process_pool.hpp"

#include <workbook/sys.hpp>

#include <fmt/core.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace pools {
namespace {

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
        } catch (const std::exception& e) {
            error = e.what();
        } catch (...) {
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
    for (std::size_t i = 0; i < worker_count_; ++i) start_worker(i);
    dispatcher_ = std::thread([this] { dispatch_loop(); });
}

ProcessPool::~ProcessPool() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake();
    dispatcher_.join();
    // Terminate, as Python's pool does on exit: a worker in the middle of a 10 s sleep is
    // not waited for. Then reap every worker, so none is left as a zombie.
    for (auto& w : workers_) {
        kill(w.pid, SIGKILL);
        close(w.socket);
    }
    for (auto& w : workers_) {
        while (waitpid(w.pid, nullptr, 0) < 0 && errno == EINTR) {
        }
    }
    const auto why = std::make_exception_ptr(WorkerDied("the pool was shut down before the task finished"));
    for (auto& [id, job] : running_) job.done(nullptr, why);
    for (auto& job : queue_) job.done(nullptr, why);
    close(wake_fd_);
}

std::vector<pid_t> ProcessPool::worker_pids() const {
    std::lock_guard lock(mutex_);
    std::vector<pid_t> pids;
    for (const auto& w : workers_) pids.push_back(w.pid);
    return pids;
}

void ProcessPool::start_worker(std::size_t index) {
    int ends[2];
    workbook::checked(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends), "socketpair");
    // Anything still in stdout's buffer would be printed a second time by the child.
    std::fflush(nullptr);
    const pid_t pid = workbook::checked(fork(), "fork");
    if (pid == 0) {
        // The child keeps only its own end: holding the parent's ends of the other
        // workers' sockets would keep those workers from ever seeing end of file.
        close(ends[0]);
        for (const auto& w : workers_) {
            if (w.socket >= 0) close(w.socket);
        }
        close(wake_fd_);
        worker_main(ends[1]);
    }
    close(ends[1]);
    std::lock_guard lock(mutex_);
    workers_[index] = {pid, ends[0], 0};
}

void ProcessPool::enqueue(wire::Runner runner, std::uintptr_t function, wire::Bytes payload, Done done) {
    std::lock_guard lock(mutex_);
    if (stopping_) throw std::logic_error("submit on a pool that is shutting down");
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
    const pid_t pid = workers_[index].pid;
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    decltype(running_)::node_type job;
    std::uint64_t task = 0;
    {
        std::lock_guard lock(mutex_);
        Worker& w = workers_[index];
        task = w.running;
        if (task != 0) job = running_.extract(task);
        close(w.socket);
        w = {pid, -1, 0};  // no socket: hand_out_jobs() passes it over until it is replaced
    }
    if (!job.empty()) {
        job.mapped().done(nullptr, std::make_exception_ptr(WorkerDied(
                                       fmt::format("worker {} (pid {}) {} while running task {}", index + 1, pid,
                                                   workbook::describe_wait_status(status), task))));
    }
    // A new worker takes its place; the pool keeps its size.
    start_worker(index);
    std::lock_guard lock(mutex_);
    hand_out_jobs();
}

}  // namespace pools
