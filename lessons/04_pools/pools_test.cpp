// The pools keep their promises: results in order, timeouts, a dead worker never hangs
// anything, and shutting down leaves no child process behind. The process_pool_faults
// tests (label `reliability`) go further: a failed fork, a killed or stopped parent, and
// a worker killed under pool_bench.
#include "process_pool.hpp"
#include "thread_pool.hpp"

#include <workbook/sys.hpp>

#include <gtest/gtest.h>

#include <dirent.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <sstream>
#include <stop_token>
#include <string>
#include <thread>

using namespace std::chrono_literals;

namespace {

long square(long x) { return x * x; }
long process_id() { return getpid(); }
long slow_square(long x) {
    usleep(1000);
    return x * x;
}
long sleep_ms(long ms) {
    usleep(static_cast<useconds_t>(ms * 1000));
    return ms;
}
long fail_on_odd(long x) {
    if (x % 2 == 1) throw std::runtime_error("odd number " + std::to_string(x));
    return x;
}

/// The children of `parent`, from /proc, in any state (a zombie counts).
std::vector<pid_t> children_of(pid_t parent) {
    std::vector<pid_t> children;
    DIR* proc = opendir("/proc");
    while (dirent* entry = readdir(proc)) {
        const std::string name = entry->d_name;
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::ifstream stat("/proc/" + name + "/stat");
        std::string line;
        std::getline(stat, line);
        const auto close = line.rfind(')');
        if (close == std::string::npos) continue;
        char state = 0;
        long ppid = 0;
        std::istringstream(line.substr(close + 2)) >> state >> ppid;
        if (ppid == parent) children.push_back(static_cast<pid_t>(std::stol(name)));
    }
    closedir(proc);
    return children;
}

/// This process's children, in any state (a zombie counts).
int child_count() { return static_cast<int>(children_of(getpid()).size()); }

/// A process that is gone or dead: no /proc entry, or a zombie. (A zombie whose parent
/// died waits for init to reap it; in a container, init may never do so.)
bool dead(pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(stat, line)) return true;
    const auto close = line.rfind(')');
    return close != std::string::npos && close + 2 < line.size() && line[close + 2] == 'Z';
}

/// The processes of `pids` still alive after waiting up to `patience` for them to die.
std::vector<pid_t> alive_after(const std::vector<pid_t>& pids, std::chrono::milliseconds patience) {
    const auto deadline = std::chrono::steady_clock::now() + patience;
    while (true) {
        std::vector<pid_t> alive;
        for (pid_t pid : pids) {
            if (!dead(pid)) alive.push_back(pid);
        }
        if (alive.empty() || std::chrono::steady_clock::now() > deadline) return alive;
        std::this_thread::sleep_for(20ms);
    }
}

/// waitpid() with patience: true and the status once `pid` has ended, false if it has not
/// after `patience`.
bool ended_within(pid_t pid, std::chrono::milliseconds patience, int& status) {
    const auto deadline = std::chrono::steady_clock::now() + patience;
    while (std::chrono::steady_clock::now() < deadline) {
        if (waitpid(pid, &status, WNOHANG) == pid) return true;
        std::this_thread::sleep_for(10ms);
    }
    return false;
}

/// What a file descriptor holds, from its start (a temporary file a child wrote into).
std::string file_text(int fd) {
    std::string text;
    char buffer[4096];
    lseek(fd, 0, SEEK_SET);
    for (ssize_t got; (got = read(fd, buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<std::size_t>(got));
    return text;
}

/// A worker of `pool` sleeping in sleep_ms (from /proc/PID/wchan), or 0 if none is after 5 s.
pid_t sleeping_worker(const pools::ProcessPool& pool) {
    for (int k = 0; k < 500; ++k) {
        for (pid_t pid : pool.worker_pids()) {
            std::ifstream wchan("/proc/" + std::to_string(pid) + "/wchan");
            std::string where;
            wchan >> where;
            if (where.find("nanosleep") != std::string::npos) return pid;
        }
        std::this_thread::sleep_for(10ms);
    }
    return 0;
}

/// A fork() that fails as when the system is out of processes, after `forks_allowed` real ones.
std::atomic<int> forks_allowed{0};
pid_t limited_fork() {
    if (forks_allowed.fetch_sub(1) <= 0) {
        errno = EAGAIN;
        return -1;
    }
    return fork();
}

/// While it exists, the pools' fork fails after `allowed` more forks.
struct ForkLimit {
    explicit ForkLimit(int allowed) {
        forks_allowed = allowed;
        pools::testing::fork_call = limited_fork;
    }
    ~ForkLimit() { pools::testing::fork_call = &::fork; }
    ForkLimit(const ForkLimit&) = delete;
    ForkLimit& operator=(const ForkLimit&) = delete;
};

/// A process playing a program that uses a pool: a ProcessPool of 3 workers, each one
/// sleeping 30 s in a task. Its stderr goes to a temporary file.
struct PoolParent {
    pid_t pid = -1;
    std::vector<pid_t> workers;
    std::FILE* stderr_file = nullptr;

    PoolParent() {
        stderr_file = std::tmpfile();
        int pids[2];
        if (stderr_file == nullptr || pipe(pids) != 0) return;
        std::fflush(nullptr);
        pid = fork();
        if (pid == 0) {
            dup2(fileno(stderr_file), STDERR_FILENO);
            close(pids[0]);
            // As a program started from a terminal: the stop signals do their default.
            for (int signal : {SIGTERM, SIGINT, SIGHUP}) std::signal(signal, SIG_DFL);
            pools::ProcessPool pool(3);
            std::vector<pools::AsyncResult<long>> sleeping;
            for (int i = 0; i < 3; ++i) sleeping.push_back(pool.submit(sleep_ms, 30'000L));
            const auto worker_pids = pool.worker_pids();
            (void)!write(pids[1], worker_pids.data(), worker_pids.size() * sizeof(pid_t));
            while (true) pause();
        }
        close(pids[1]);
        // Exactly 3 pids, not "until end of file": the workers hold the pipe's end too.
        for (pid_t worker = 0; workers.size() < 3 && read(pids[0], &worker, sizeof worker) == sizeof worker;) {
            workers.push_back(worker);
        }
        close(pids[0]);
    }
    // Whatever happened, nothing of it runs on: a 30 s sleeper left behind by a failing
    // test is killed here (it may be our child, or an orphan now).
    ~PoolParent() {
        int status = 0;
        if (pid > 0 && !ended_within(pid, 0ms, status)) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
        }
        for (pid_t worker : workers) {
            if (!dead(worker)) kill(worker, SIGKILL);
        }
        if (stderr_file != nullptr) std::fclose(stderr_file);
    }
    PoolParent(const PoolParent&) = delete;
    PoolParent& operator=(const PoolParent&) = delete;
};

std::vector<long> range(long n) {
    std::vector<long> v(static_cast<std::size_t>(n));
    std::iota(v.begin(), v.end(), 0L);
    return v;
}

}  // namespace

TEST(thread_pool, map_keeps_the_items_order_for_any_chunk_size) {
    pools::ThreadPool pool(3);
    const auto items = range(1000);
    std::vector<long> expected;
    for (long x : items) expected.push_back(x * x);
    for (std::size_t chunk : {0u, 1u, 7u, 1000u, 5000u}) {
        EXPECT_EQ(pool.map(square, items, chunk), expected) << "chunk " << chunk;
    }
}

TEST(thread_pool, map_unordered_returns_every_result_once) {
    pools::ThreadPool pool(4);
    std::vector<long> got;
    for (long r : pool.map_unordered(square, range(100))) got.push_back(r);
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, pool.map(square, range(100)));
}

TEST(thread_pool, get_with_timeout_throws_and_the_task_can_be_asked_to_stop) {
    pools::ThreadPool pool(2);
    auto slow = pool.submit([](std::stop_token stop) {
        while (!stop.stop_requested()) std::this_thread::sleep_for(1ms);
        return 1;
    });
    EXPECT_THROW(slow.get(20ms), pools::TimeoutError);
    EXPECT_EQ(pool.submit(square, 20L).get(10s), 400);
}  // the pool's destructor asks the slow task to stop; the test would hang otherwise

TEST(thread_pool, a_task_exception_reaches_get) {
    pools::ThreadPool pool(2);
    auto result = pool.submit(fail_on_odd, 3L);
    EXPECT_THROW(result.get(), std::runtime_error);
}

TEST(process_pool, map_keeps_the_items_order) {
    pools::ProcessPool pool(3);
    const auto items = range(1000);
    std::vector<long> expected;
    for (long x : items) expected.push_back(x * x);
    for (std::size_t chunk : {0u, 1u, 7u, 5000u}) {
        EXPECT_EQ(pool.map(square, items, chunk), expected) << "chunk " << chunk;
    }
}

// Arguments and results up to 16 KiB travel in the worker's mailbox (shared memory),
// larger ones through its socket: both ways, both sizes, and many in a row, so the
// mailbox's sequence numbers and the socket's bytes stay in step.
struct Block {
    std::array<double, 4096> values;  // 32 KiB: too large for a mailbox
};
Block doubled(Block b) {
    for (double& v : b.values) v *= 2;
    return b;
}
double block_sum(Block b) { return std::accumulate(b.values.begin(), b.values.end(), 0.0); }
Block filled(double v) {
    Block b;
    b.values.fill(v);
    return b;
}

TEST(process_pool, large_arguments_and_results_arrive_whole_between_small_ones) {
    pools::ProcessPool pool(2);
    for (int round = 0; round < 20; ++round) {
        Block b;
        std::iota(b.values.begin(), b.values.end(), static_cast<double>(round));
        const Block back = pool.submit(doubled, b).get(10s);  // large both ways
        for (std::size_t i = 0; i < b.values.size(); ++i) ASSERT_EQ(back.values[i], 2 * b.values[i]) << i;
        EXPECT_EQ(pool.submit(block_sum, b).get(10s), std::accumulate(b.values.begin(), b.values.end(), 0.0));
        EXPECT_EQ(pool.submit(filled, 1.5 * round).get(10s).values[4095], 1.5 * round);    // large result only
        EXPECT_EQ(pool.submit(square, static_cast<long>(round)).get(10s), round * round);  // small
    }
    // A map whose chunks (8 bytes an item) are far larger than a mailbox.
    const auto items = range(100'000);
    const auto squares = pool.map(square, items, 25'000);
    for (std::size_t i = 0; i < items.size(); ++i) ASSERT_EQ(squares[i], items[i] * items[i]) << i;
}

// A task's exception message longer than a mailbox arrives cut to fit, the worker goes on.
long fail_at_length(long length) { throw std::runtime_error(std::string(static_cast<std::size_t>(length), 'x')); }

TEST(process_pool, a_long_exception_message_arrives_cut_to_the_mailbox) {
    pools::ProcessPool pool(1);
    try {
        pool.submit(fail_at_length, 100'000L).get(10s);
        FAIL() << "expected the task's exception";
    } catch (const std::runtime_error& error) { EXPECT_EQ(std::string(error.what()), std::string(16 * 1024, 'x')); }
    EXPECT_EQ(pool.submit(square, 12L).get(10s), 144);
}

// Results nobody waits for at once: the workers must ring the dispatcher's doorbell, or
// these would never arrive (no thread watches the mailboxes while they finish).
TEST(process_pool, results_arrive_when_nobody_watches_for_them) {
    pools::ProcessPool pool(2);
    std::vector<pools::AsyncResult<long>> results;
    for (long x = 0; x < 50; ++x) results.push_back(pool.submit(slow_square, x));
    std::this_thread::sleep_for(200ms);  // every worker finishes and goes to sleep meanwhile
    for (long x = 0; x < 50; ++x) EXPECT_EQ(results[static_cast<std::size_t>(x)].get(10s), x * x);
}

TEST(process_pool, tasks_run_in_other_processes) {
    pools::ProcessPool pool(2);
    const long pid = pool.submit(process_id).get(10s);
    EXPECT_NE(pid, getpid());
    const auto workers = pool.worker_pids();
    EXPECT_NE(std::find(workers.begin(), workers.end(), pid), workers.end());
}

TEST(process_pool, a_task_exception_reaches_get_and_the_worker_goes_on) {
    pools::ProcessPool pool(1);
    auto failing = pool.submit(fail_on_odd, 3L);
    try {
        failing.get(10s);
        FAIL() << "expected the task's exception";
    } catch (const std::runtime_error& error) { EXPECT_STREQ(error.what(), "odd number 3"); }
    EXPECT_EQ(pool.submit(square, 9L).get(10s), 81);
}

TEST(process_pool, a_killed_worker_fails_its_task_is_replaced_and_nothing_hangs) {
    pools::ProcessPool pool(2);
    auto doomed = pool.submit(sleep_ms, 30'000L);
    // Wait until the task is in a worker, then kill that worker mid-task.
    const pid_t victim = sleeping_worker(pool);
    ASSERT_NE(victim, 0) << "no worker ever started the sleeping task";
    ASSERT_EQ(kill(victim, SIGKILL), 0);
    try {
        doomed.get(10s);
        FAIL() << "the killed task must fail, not hang or succeed";
    } catch (const pools::WorkerDied& error) {
        const std::string what = error.what();
        EXPECT_NE(what.find("pid " + std::to_string(victim)), std::string::npos) << what;
        EXPECT_NE(what.find("killed by SIGKILL"), std::string::npos) << what;
    }
    // The other tasks complete, on a pool that is still two workers strong.
    EXPECT_EQ(pool.map(square, range(100)).back(), 99 * 99);
    const auto workers = pool.worker_pids();
    EXPECT_EQ(workers.size(), 2u);
    EXPECT_EQ(std::find(workers.begin(), workers.end(), victim), workers.end());
}

TEST(process_pool, shutdown_leaves_no_child_behind_even_mid_task) {
    const int before = child_count();
    {
        pools::ProcessPool pool(3);
        EXPECT_EQ(child_count(), before + 3);
        auto sleeping = pool.submit(sleep_ms, 30'000L);
        EXPECT_THROW(sleeping.get(50ms), pools::TimeoutError);
    }  // must not wait 30 s, and must reap every worker
    EXPECT_EQ(child_count(), before);
}

TEST(thread_pool, map_rethrows_a_task_exception_after_every_chunk_has_finished) {
    pools::ThreadPool pool(2);
    EXPECT_THROW(pool.map(fail_on_odd, range(100), 1), std::runtime_error);
}

TEST(process_pool, map_rethrows_a_task_exception) {
    pools::ProcessPool pool(2);
    EXPECT_THROW(pool.map(fail_on_odd, range(100), 1), std::runtime_error);
    EXPECT_EQ(pool.submit(square, 7L).get(10s), 49) << "the pool still works afterwards";
}

TEST(process_pool_faults, a_failed_fork_at_the_start_throws_and_leaves_no_worker) {
    const int before = child_count();
    {
        ForkLimit limit(2);
        try {
            pools::ProcessPool pool(3);
            FAIL() << "the third fork failed: the pool must not start";
        } catch (const std::system_error& error) {
            EXPECT_STREQ(error.what(), "fork: Resource temporarily unavailable");
        }
    }
    EXPECT_EQ(child_count(), before) << "the two workers that did start must be reaped";
}

TEST(process_pool_faults, a_failed_fork_after_a_worker_died_is_said_and_the_pool_goes_on_with_fewer) {
    const int before = child_count();
    {
        pools::ProcessPool pool(2);
        auto doomed = pool.submit(sleep_ms, 30'000L);
        const pid_t victim = sleeping_worker(pool);
        ASSERT_NE(victim, 0) << "no worker ever started the sleeping task";
        ForkLimit limit(0);
        testing::internal::CaptureStderr();
        ASSERT_EQ(kill(victim, SIGKILL), 0);
        try {
            doomed.get(10s);
            ADD_FAILURE() << "the killed task must fail";
        } catch (const pools::WorkerDied& error) {
            const std::string what = error.what();
            EXPECT_NE(what.find("killed by SIGKILL"), std::string::npos) << what;
            EXPECT_NE(what.find("no new worker replaces it (fork: Resource temporarily unavailable)"),
                      std::string::npos)
                << what;
        }
        const std::string said = testing::internal::GetCapturedStderr();
        EXPECT_NE(said.find("the pool goes on with 1 of its 2 workers"), std::string::npos) << said;
        EXPECT_EQ(pool.size(), 1);
        EXPECT_EQ(pool.map(square, range(100)).back(), 99 * 99) << "the worker left does the work";
        // The worker left is busy when the pool ends: it must be stopped, not orphaned.
        auto sleeping = pool.submit(sleep_ms, 30'000L);
        EXPECT_NE(sleeping_worker(pool), 0);
    }
    EXPECT_EQ(child_count(), before);
}

TEST(process_pool_faults, with_no_worker_left_every_task_fails_instead_of_waiting_forever) {
    const int before = child_count();
    {
        pools::ProcessPool pool(1);
        auto doomed = pool.submit(sleep_ms, 30'000L);
        auto waiting = pool.submit(square, 3L);
        const pid_t victim = sleeping_worker(pool);
        ASSERT_NE(victim, 0) << "no worker ever started the sleeping task";
        ForkLimit limit(0);
        testing::internal::CaptureStderr();
        ASSERT_EQ(kill(victim, SIGKILL), 0);
        EXPECT_THROW(doomed.get(10s), pools::WorkerDied);
        try {
            waiting.get(10s);
            ADD_FAILURE() << "a task waiting for the dead worker must fail";
        } catch (const pools::WorkerDied& error) {
            EXPECT_NE(std::string(error.what()).find("the pool has no worker left"), std::string::npos) << error.what();
        }
        EXPECT_THROW(pool.submit(square, 4L).get(10s), pools::WorkerDied) << "a later task fails too";
        const std::string said = testing::internal::GetCapturedStderr();
        EXPECT_NE(said.find("the pool has no worker left"), std::string::npos) << said;
        EXPECT_EQ(pool.size(), 0);
    }
    EXPECT_EQ(child_count(), before);
}

TEST(process_pool_faults, a_stop_signal_to_the_parent_is_said_in_one_line_and_leaves_no_worker) {
    for (int signal : {SIGTERM, SIGINT, SIGHUP}) {
        const std::string name = workbook::signal_name(signal);
        SCOPED_TRACE(name);
        PoolParent parent;
        ASSERT_EQ(parent.workers.size(), 3u) << "the pool's parent did not start its pool";
        ASSERT_EQ(kill(parent.pid, signal), 0);
        int status = 0;
        ASSERT_TRUE(ended_within(parent.pid, 5s, status)) << "the pool's parent is still running";
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 128 + signal)
            << "expected exit code " << 128 + signal << ", got: " << workbook::describe_wait_status(status);
        EXPECT_EQ(file_text(fileno(parent.stderr_file)),
                  std::string(program_invocation_short_name) + ": stopped by " + name + "; its 3 workers stopped\n");
        EXPECT_EQ(alive_after(parent.workers, 5s), std::vector<pid_t>{}) << "workers left running";
    }
}

TEST(process_pool_faults, workers_die_with_a_parent_killed_by_sigkill) {
    PoolParent parent;
    ASSERT_EQ(parent.workers.size(), 3u) << "the pool's parent did not start its pool";
    ASSERT_EQ(kill(parent.pid, SIGKILL), 0);
    int status = 0;
    ASSERT_TRUE(ended_within(parent.pid, 5s, status)) << "the pool's parent is still running";
    // No handler runs for SIGKILL: only the kernel, told by PR_SET_PDEATHSIG, stops them.
    EXPECT_EQ(alive_after(parent.workers, 5s), std::vector<pid_t>{}) << "workers left running";
}

TEST(process_pool_faults, pool_bench_reports_a_killed_worker_in_one_line_and_a_nonzero_exit) {
    std::FILE* errors = std::tmpfile();
    ASSERT_NE(errors, nullptr);
    std::fflush(nullptr);
    const pid_t bench = fork();
    ASSERT_GE(bench, 0);
    if (bench == 0) {
        dup2(fileno(errors), STDERR_FILENO);
        const int null = open("/dev/null", O_WRONLY);
        dup2(null, STDOUT_FILENO);
        // 30 s of round trips: long enough that it ends only because its worker died.
        execl(POOL_BENCH, POOL_BENCH, "--benchmark_filter=BM_processpool_round_trip",
              "--benchmark_min_time=30" BENCH_SECONDS, static_cast<char*>(nullptr));
        _exit(127);
    }
    // Kill its workers, again and again: the one running a round trip dies mid-task.
    std::vector<pid_t> killed;
    int status = 0;
    bool ended = false;
    for (int k = 0; k < 500 && !ended; ++k) {
        for (pid_t worker : children_of(bench)) {
            if (kill(worker, SIGKILL) == 0) killed.push_back(worker);
        }
        ended = ended_within(bench, 20ms, status);
    }
    if (!ended) {
        kill(bench, SIGKILL);
        waitpid(bench, &status, 0);
    }
    const std::string said = file_text(fileno(errors));
    std::fclose(errors);
    ASSERT_TRUE(ended) << "pool_bench went on for 10 s while its workers were being killed";
    ASSERT_FALSE(killed.empty()) << "pool_bench never started a worker";
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) != 0)
        << "expected a non-zero exit code, got: " << workbook::describe_wait_status(status) << "\n"
        << said;
    EXPECT_EQ(said.find("terminate called"), std::string::npos) << said;
    EXPECT_NE(said.find(": error: BM_processpool_round_trip: worker"), std::string::npos) << said;
    EXPECT_NE(said.find("killed by SIGKILL"), std::string::npos) << said;
    EXPECT_EQ(alive_after(killed, 5s), std::vector<pid_t>{});
}
