/// @file counting.hpp
/// @brief Lesson 02's counters: T threads each add 1 to a count n times. First with no
/// synchronisation (a data race that loses updates), then with the three fixes: a mutex,
/// an atomic, and a count of one's own merged once. Then per-thread counters that sit
/// side by side in memory (false sharing) or padded apart.
///
/// The demos (`lost_updates`, `fixed_counters`, `false_sharing`) show these functions at
/// work, and the benchmarks (`counter_bench`, `false_sharing_bench`) time the very same ones.
#pragma once

#include <atomic>
#include <cstddef>
#include <latch>
#include <mutex>
#include <thread>
#include <vector>

namespace lesson02 {

/// Runs body(t) on `threads` new threads, t = 0 .. threads-1, and returns when all of them
/// have finished: lesson 01's team of jthreads, written once. The threads start body
/// together: starting a thread takes tens of microseconds (lesson 01), long enough for a
/// first thread to finish a short loop before the last one has begun.
template <typename Body>
void run_team(int threads, const Body& body) {
    std::latch all_started(threads);
    std::vector<std::jthread> team;
    team.reserve(static_cast<std::size_t>(threads));
    for (int t = 0; t < threads; ++t) {
        team.emplace_back([&all_started, &body, t] {
            all_started.arrive_and_wait();
            body(t);
        });
    }
}  // every jthread joins here: what the threads wrote is now visible to the caller

/// The broken counter: every thread does ++counter on one shared long. That is a data race:
/// ++counter is three steps (read, add 1, write back), and while one thread is between its
/// read and its write another thread's update can come and be overwritten.
inline long count_unsynchronised(int threads, long n) {
    long counter = 0;
    run_team(threads, [&counter, n](int) {
        for (long i = 0; i < n; ++i) ++counter;
    });
    return counter;
}

/// Fix 1, a mutex: each ++counter is a critical section that one thread at a time may enter.
inline long count_with_mutex(int threads, long n) {
    long counter = 0;
    std::mutex counter_mutex;  // guards counter
    run_team(threads, [&counter, &counter_mutex, n](int) {
        for (long i = 0; i < n; ++i) {
            const std::scoped_lock lock(counter_mutex);
            ++counter;
        }
    });
    return counter;
}

/// Fix 2, an atomic: ++counter becomes one indivisible read-modify-write (`lock add` on
/// x86). No lock to take, but the cores still pass the counter's cache line back and forth.
inline long count_with_atomic(int threads, long n) {
    std::atomic<long> counter{0};
    run_team(threads, [&counter, n](int) {
        for (long i = 0; i < n; ++i) ++counter;
    });
    return counter.load();
}

/// Fix 3, a count of one's own: nothing is shared inside the loop, and each thread adds its
/// count to the total once. Only this thread sees `mine`, so the compiler may keep it in a
/// register, or (as g++ -O3 does) turn the whole loop into `mine = n`.
inline long count_locally(int threads, long n) {
    std::atomic<long> counter{0};
    run_team(threads, [&counter, n](int) {
        long mine = 0;
        for (long i = 0; i < n; ++i) ++mine;
        counter += mine;  // one shared update per thread instead of n
    });
    return counter.load();
}

/// The size of a cache line here: the unit in which cores hand memory to each other.
/// std::hardware_destructive_interference_size says the same (64 with g++ on x86), but g++
/// warns when a header uses it, since its value may change with -mtune.
inline constexpr std::size_t cache_line = 64;

/// A per-thread counter as it sits in a plain array: 8 bytes, so 8 of them share one cache line.
struct PackedSlot {
    std::atomic<long> count{0};
};

/// The same counter, aligned (and so padded) to a cache line of its own.
struct alignas(cache_line) PaddedSlot {
    std::atomic<long> count{0};
};

/// Each thread adds 1 to its own slot, n times, and returns the slots' counts. No two threads
/// write the same counter, yet with PackedSlot they write the same cache line: false sharing.
/// Relaxed atomics make every add really go to memory, as it does in real code whose loop does
/// more than count; a plain long would be kept in a register and hide the effect.
template <typename Slot>
std::vector<long> count_in_slots(int threads, long n) {
    std::vector<Slot> slots(static_cast<std::size_t>(threads));
    run_team(threads, [&slots, n](int t) {
        std::atomic<long>& mine = slots[static_cast<std::size_t>(t)].count;
        for (long i = 0; i < n; ++i) mine.fetch_add(1, std::memory_order_relaxed);
    });
    std::vector<long> counts;
    for (const Slot& slot : slots) counts.push_back(slot.count.load());
    return counts;
}

}  // namespace lesson02
