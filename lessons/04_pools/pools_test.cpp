// The pools keep their promises: results in order, timeouts, a dead worker never hangs
// anything, and shutting down leaves no child process behind.
#include "process_pool.hpp"
#include "thread_pool.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <dirent.h>
#include <fstream>
#include <numeric>
#include <sstream>
#include <stop_token>
#include <string>
#include <unistd.h>

using namespace std::chrono_literals;

namespace {

long square(long x) { return x * x; }
long process_id() { return getpid(); }
long sleep_ms(long ms) {
    usleep(static_cast<useconds_t>(ms * 1000));
    return ms;
}
long fail_on_odd(long x) {
    if (x % 2 == 1) throw std::runtime_error("odd number " + std::to_string(x));
    return x;
}

/// This process's children, from /proc, in any state (a zombie counts).
int child_count() {
    int count = 0;
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
        long parent = 0;
        std::istringstream(line.substr(close + 2)) >> state >> parent;
        if (parent == getpid()) ++count;
    }
    closedir(proc);
    return count;
}

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
    } catch (const std::runtime_error& error) {
        EXPECT_STREQ(error.what(), "odd number 3");
    }
    EXPECT_EQ(pool.submit(square, 9L).get(10s), 81);
}

TEST(process_pool, a_killed_worker_fails_its_task_is_replaced_and_nothing_hangs) {
    pools::ProcessPool pool(2);
    auto doomed = pool.submit(sleep_ms, 30'000L);
    // Wait until the task is in a worker, then kill that worker mid-task.
    pid_t victim = 0;
    for (int k = 0; k < 500 && victim == 0; ++k) {
        std::this_thread::sleep_for(10ms);
        for (pid_t pid : pool.worker_pids()) {
            std::ifstream wchan("/proc/" + std::to_string(pid) + "/wchan");
            std::string where;
            wchan >> where;
            if (where.find("nanosleep") != std::string::npos) victim = pid;
        }
    }
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
