#include "process_pool.hpp"

#include <workbook/sys.hpp>

#include <fmt/core.h>

#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <iterator>
#include <new>
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
    std::uint32_t on_socket;  // 1: the arguments follow through the socket (too large)
};

/// What travels before a result, worker to parent.
struct ReplyHeader {
    std::uint64_t id;
    std::uint32_t ok;         // 0: the task threw, and the bytes are its message
    std::uint32_t on_socket;  // 1: the result follows through the socket (too large)
    std::uint64_t size;
};

/// Arguments or a result up to this size travel in the mailbox; larger ones by socket.
constexpr std::size_t mailbox_bytes = 16 * 1024;

/// How long a worker watches its mailbox, and a waiting thread the mailboxes, before going
/// to sleep: a few tens of microseconds, as the ThreadPool's threads spin.
constexpr int watch_rounds = 2'000;

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

void ring(int eventfd_descriptor) {
    const std::uint64_t one = 1;
    (void)!write(eventfd_descriptor, &one, sizeof one);
}

}  // namespace

/// A worker's mailbox. The sequence numbers say what is there: the parent stores task
/// number k and then task_seq = k; the worker answers and then stores reply_seq = k. The
/// stores publish (release) what was written before them, the loads that see them
/// (acquire) see it too, across processes as across threads.
struct ProcessPool::Mailbox {
    alignas(64) std::atomic<std::uint64_t> task_seq{0};
    std::atomic<std::uint32_t> worker_sleeping{0};  // set before it sleeps on its doorbell
    TaskHeader task{};
    alignas(64) std::atomic<std::uint64_t> reply_seq{0};
    ReplyHeader reply{};
    alignas(64) std::byte task_bytes[mailbox_bytes];
    alignas(64) std::byte reply_bytes[mailbox_bytes];
};

struct ProcessPool::Shared {
    /// Threads watching the mailboxes for their results right now: while there is one, a
    /// worker need not ring the dispatcher's doorbell.
    alignas(64) std::atomic<int> watchers{0};
    // The workers' mailboxes follow, one per worker.
};

namespace {

/// Waits until the mailbox holds a task after number `seen`: watching, then asleep.
void wait_for_task(ProcessPool::Mailbox& box, std::uint64_t seen, int doorbell) {
    for (int round = 0; round < watch_rounds; ++round) {
        if (box.task_seq.load(std::memory_order_acquire) != seen) return;
        cpu_relax();
    }
    while (true) {
        // Say "asleep" first, then look once more: the parent stores a task and then reads
        // this flag, so either it sees the flag and rings, or this load sees its task.
        box.worker_sleeping.store(1, std::memory_order_seq_cst);
        if (box.task_seq.load(std::memory_order_seq_cst) != seen) break;
        std::uint64_t rings = 0;
        if (read(doorbell, &rings, sizeof rings) < 0 && errno != EINTR) _exit(1);
        if (box.task_seq.load(std::memory_order_acquire) != seen) break;
    }
    box.worker_sleeping.store(0, std::memory_order_relaxed);
}

/// A worker's whole life: take a task, run it, put the result in the mailbox, until it is
/// killed (the pool kills its workers when it closes; PDEATHSIG when the parent dies). An
/// exception in a task is sent back as text; the worker goes on.
[[noreturn]] void worker_main(ProcessPool::Mailbox& box, int socket, int doorbell, int reply_doorbell,
                              std::atomic<int>& watchers) {
    std::uint64_t seen = 0;
    while (true) {
        wait_for_task(box, seen, doorbell);
        seen = box.task_seq.load(std::memory_order_acquire);
        const TaskHeader task = box.task;
        wire::Bytes large;
        const std::byte* payload = box.task_bytes;
        if (task.on_socket != 0) {
            large.resize(task.size);
            if (!read_all(socket, large.data(), large.size())) _exit(1);
            payload = large.data();
        }
        wire::Bytes result;
        std::string error;
        try {
            result = task.runner(task.function, payload, task.size);
        } catch (const std::exception& e) { error = e.what(); } catch (...) {
            error = "an unknown exception";
        }
        const bool ok = error.empty();
        if (!ok) error.resize(std::min(error.size(), mailbox_bytes));  // a message is cut to fit
        const std::size_t size = ok ? result.size() : error.size();
        const bool on_socket = size > mailbox_bytes;
        box.reply = ReplyHeader{task.id, ok ? 1u : 0u, on_socket ? 1u : 0u, size};
        if (!on_socket) std::memcpy(box.reply_bytes, ok ? result.data() : static_cast<void*>(error.data()), size);
        box.reply_seq.store(seen, std::memory_order_seq_cst);
        // Nobody watching (or the bytes come by socket, which only the dispatcher reads):
        // wake the dispatcher. Read after the store above: a thread that stops watching
        // after this load looks at the mailboxes once more (ProcessPool::wait_briefly).
        if (on_socket || watchers.load(std::memory_order_seq_cst) == 0) ring(reply_doorbell);
        if (on_socket && !send_all(socket, result.data(), result.size())) _exit(1);
    }
}

}  // namespace

ProcessPool::ProcessPool(int workers) : worker_count_(static_cast<std::size_t>(workers)) {
    if (workers < 1) throw std::invalid_argument("a pool needs at least one worker");
    // The mailboxes, mapped shared before any fork: parent and workers see the same bytes.
    shared_bytes_ = sizeof(Shared) + worker_count_ * sizeof(Mailbox);
    void* memory = mmap(nullptr, shared_bytes_, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) throw std::system_error(errno, std::generic_category(), "mmap");
    shared_ = new (memory) Shared;
    for (std::size_t i = 0; i < worker_count_; ++i) new (&mailbox(i)) Mailbox;
    helper_ = std::make_shared<Helper>();
    helper_->pool = this;
    wake_fd_ = workbook::checked(eventfd(0, EFD_CLOEXEC), "eventfd");
    reply_doorbell_ = workbook::checked(eventfd(0, EFD_CLOEXEC), "eventfd");
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
        close(reply_doorbell_);
        munmap(shared_, shared_bytes_);
        throw;
    }
    pool_opened();
}

ProcessPool::~ProcessPool() {
    {
        // No waiting thread may look at the mailboxes from now on.
        std::unique_lock closing(helper_->mutex);
        helper_->pool = nullptr;
    }
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
    close(reply_doorbell_);
    munmap(shared_, shared_bytes_);
    pool_closed();
}

ProcessPool::Mailbox& ProcessPool::mailbox(std::size_t index) const {
    auto* first = reinterpret_cast<Mailbox*>(reinterpret_cast<std::byte*>(shared_) + sizeof(Shared));
    return first[index];
}

void ProcessPool::stop_workers() {
    // Terminate, as Python's pool does on exit: a worker in the middle of a 10 s sleep is
    // not waited for. Then reap every worker, so none is left as a zombie.
    for (auto& w : workers_) {
        if (w.pid <= 0) continue;  // an empty place: kill(-1) would mean every process
        kill(w.pid, SIGKILL);
        close(w.socket);
        close(w.doorbell);
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
    const int doorbell = eventfd(0, EFD_CLOEXEC);
    if (doorbell < 0) {
        const int error = errno;
        close(ends[0]);
        close(ends[1]);
        throw std::system_error(error, std::generic_category(), "eventfd");
    }
    // A new worker starts from an empty mailbox (a dead one's may hold anything).
    Mailbox& box = mailbox(index);
    box.~Mailbox();
    new (&box) Mailbox;
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
        // The child keeps only its own ends: holding the parent's ends of the other
        // workers' sockets would keep those workers from ever seeing end of file.
        close(ends[0]);
        for (const auto& w : workers_) {
            if (w.socket >= 0) close(w.socket);
            if (w.doorbell >= 0) close(w.doorbell);
        }
        close(wake_fd_);
        worker_main(box, ends[1], doorbell, reply_doorbell_, shared_->watchers);
    }
    if (pid < 0) {
        close(ends[0]);
        close(ends[1]);
        close(doorbell);
        throw std::system_error(fork_error, std::generic_category(), "fork");
    }
    close(ends[1]);
    remember_worker(pid);
    std::lock_guard lock(mutex_);
    workers_[index] = {pid, ends[0], doorbell, 0, 0};
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
    // Handed to an idle worker right away: the submitting thread does it, so a task does
    // not wait for the dispatcher thread to wake up (that would cost another wake-up).
    hand_out_jobs();
}

void ProcessPool::wake() { ring(wake_fd_); }

void ProcessPool::hand_out_jobs() {
    for (std::size_t index = 0; index < workers_.size(); ++index) {
        if (queue_.empty()) return;
        Worker& worker = workers_[index];
        if (worker.running != 0 || worker.socket < 0) continue;
        Job job = std::move(queue_.front());
        queue_.pop_front();
        Mailbox& box = mailbox(index);
        const bool on_socket = job.payload.size() > mailbox_bytes;
        box.task = TaskHeader{job.id, job.runner, job.function, job.payload.size(), on_socket ? 1u : 0u};
        if (!on_socket) std::memcpy(box.task_bytes, job.payload.data(), job.payload.size());
        box.task_seq.store(++worker.task_seq, std::memory_order_seq_cst);
        // Read after the store: either the worker said "asleep" before, and is rung, or
        // it looks at its mailbox again after that and finds the task (wait_for_task).
        if (box.worker_sleeping.load(std::memory_order_seq_cst) != 0) ring(worker.doorbell);
        // Large arguments follow through the socket (after the header, which the worker
        // reads first). If the worker is gone the send fails; the dispatcher sees its end
        // of file next and replace_dead_worker() fails the task.
        if (on_socket) (void)send_all(worker.socket, job.payload.data(), job.payload.size());
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
            fds.assign({{wake_fd_, POLLIN, 0}, {reply_doorbell_, POLLIN, 0}});
            for (const auto& w : workers_) fds.push_back({w.socket, POLLIN, 0});
        }
        if (poll(fds.data(), fds.size(), -1) < 0) {
            if (errno == EINTR) continue;
            return;
        }
        for (int k = 0; k < 2; ++k) {
            if (fds[static_cast<std::size_t>(k)].revents & POLLIN) {
                std::uint64_t count;
                (void)!read(fds[static_cast<std::size_t>(k)].fd, &count, sizeof count);
            }
        }
        if (fds[1].revents & POLLIN) collect_replies(false);  // a worker rang: a reply is in
        for (std::size_t i = 0; i < workers_.size(); ++i) {
            if (fds[i + 2].revents != 0) read_socket(i);
        }
    }
}

std::optional<ProcessPool::Finished> ProcessPool::take_reply(std::size_t index, wire::Bytes* socket_bytes) {
    Worker& worker = workers_[index];
    if (worker.pid <= 0 || worker.running == 0) return std::nullopt;
    Mailbox& box = mailbox(index);
    if (box.reply_seq.load(std::memory_order_acquire) != worker.task_seq) return std::nullopt;
    const ReplyHeader reply = box.reply;
    Finished finished;
    if (reply.on_socket != 0) {
        if (socket_bytes == nullptr) return std::nullopt;  // the dispatcher reads those
        finished.bytes = std::move(*socket_bytes);
    } else {
        finished.bytes.assign(box.reply_bytes, box.reply_bytes + reply.size);
    }
    finished.ok = reply.ok != 0;
    finished.job = running_.extract(worker.running);
    worker.running = 0;
    return finished;
}

void ProcessPool::deliver(Finished& finished) {
    if (finished.job.empty()) return;
    if (finished.ok) {
        finished.job.mapped().done(&finished.bytes, nullptr);
    } else {
        const std::string message(reinterpret_cast<const char*>(finished.bytes.data()), finished.bytes.size());
        finished.job.mapped().done(nullptr, std::make_exception_ptr(std::runtime_error(message)));
    }
}

void ProcessPool::collect_replies(bool try_only) {
    std::vector<Finished> finished;
    {
        std::unique_lock lock(mutex_, std::defer_lock);
        if (try_only) {
            if (!lock.try_lock()) return;
        } else {
            lock.lock();
        }
        for (std::size_t index = 0; index < workers_.size(); ++index) {
            if (auto one = take_reply(index)) finished.push_back(std::move(*one));
        }
        if (!finished.empty()) hand_out_jobs();  // the workers are free: the next tasks waiting
    }
    // Outside the lock: fulfilling a result wakes whoever waits for it.
    for (auto& one : finished) deliver(one);
}

void ProcessPool::read_socket(std::size_t index) {
    // Only this (the dispatcher) thread reads the workers' sockets or replaces workers,
    // so the socket can be read without the lock. A worker writes to it only after
    // putting a large reply's header in its mailbox; anything else is end of file.
    const int socket = workers_[index].socket;
    std::optional<ReplyHeader> large;
    {
        std::lock_guard lock(mutex_);
        const Worker& worker = workers_[index];
        const Mailbox& box = mailbox(index);
        if (worker.running != 0 && box.reply_seq.load(std::memory_order_acquire) == worker.task_seq &&
            box.reply.on_socket != 0)
            large = box.reply;
    }
    if (!large) {
        replace_dead_worker(index);
        return;
    }
    wire::Bytes bytes(large->size);
    if (!read_all(socket, bytes.data(), bytes.size())) {
        replace_dead_worker(index);
        return;
    }
    std::optional<Finished> finished;
    {
        std::lock_guard lock(mutex_);
        finished = take_reply(index, &bytes);
        hand_out_jobs();  // the worker is free: give it the next task waiting
    }
    if (finished) deliver(*finished);
}

WaitBriefly ProcessPool::waiter() const {
    // The result may outlive the pool: its AsyncResult holds the helper, not the pool.
    return [helper = helper_](const std::function<bool()>& ready) {
        std::shared_lock watching(helper->mutex);
        if (helper->pool != nullptr) helper->pool->wait_briefly(ready);
    };
}

void ProcessPool::wait_briefly(const std::function<bool()>& ready) {
    // Watch the mailboxes for a few microseconds and take what arrives: the result comes
    // without waking the dispatcher, and without waking this thread again.
    shared_->watchers.fetch_add(1, std::memory_order_seq_cst);
    for (int round = 0; round < watch_rounds && !ready(); ++round) {
        collect_replies(true);
        cpu_relax();
    }
    shared_->watchers.fetch_sub(1, std::memory_order_seq_cst);
    // A worker that saw this thread watching did not ring: look once more before sleeping.
    collect_replies(false);
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
    std::optional<Finished> answered;  // a reply it put in its mailbox before it died
    {
        std::lock_guard lock(mutex_);
        answered = take_reply(index);
        Worker& w = workers_[index];
        task = w.running;
        if (task != 0) job = running_.extract(task);
        close(w.socket);
        close(w.doorbell);
        w = {};  // an empty place: hand_out_jobs() passes it over
    }
    if (answered) deliver(*answered);
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
