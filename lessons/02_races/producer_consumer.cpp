/// @file producer_consumer.cpp
/// @brief Producers hand items to consumers through a queue guarded by a mutex; consumers
/// sleep on a condition variable while it is empty, and close() tells them to stop. Beside
/// it, consumers that poll the queue in a loop (busy-waiting): the same items arrive, but
/// each waiting consumer burns a CPU.
#include "queue_check.hpp"

#include <workbook/cli.hpp>
#include <workbook/print.hpp>
#include <workbook/stopwatch.hpp>
#include <workbook/sys.hpp>

#include <fmt/core.h>

#include <time.h>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <numeric>
#include <optional>
#include <thread>
#include <vector>

namespace {

using lesson02::Item;

/// A first-in first-out queue for threads, with no size limit (exercise `bounded_queue`
/// gives it one).
class WorkQueue {
public:
    /// Adds an item at the back and wakes one consumer that waits for one.
    void push(Item item) {
        {
            const std::scoped_lock lock(mutex_);
            items_.push_back(item);
        }
        not_empty_.notify_one();  // after unlocking, so the woken consumer can take the lock at once
    }

    /// Takes the front item, waiting while the queue is empty. std::nullopt once the queue is
    /// closed and empty: the consumer's signal to stop.
    std::optional<Item> pop() {
        std::unique_lock lock(mutex_);
        // wait() unlocks the mutex while it sleeps and locks it again before it returns. It
        // checks the condition before sleeping (the item may be there already) and again on
        // every wake-up (a wake-up can be spurious, and another consumer may have been faster).
        not_empty_.wait(lock, [this] { return !items_.empty() || closed_; });
        return take_front();
    }

    /// Takes the front item if there is one, without waiting.
    std::optional<Item> try_pop() {
        const std::scoped_lock lock(mutex_);
        return take_front();
    }

    /// Whether the queue is closed and empty: nothing will ever come out of it again.
    bool drained() {
        const std::scoped_lock lock(mutex_);
        return closed_ && items_.empty();
    }

    /// No more items will come: wakes every waiting consumer, so that each can stop.
    void close() {
        {
            const std::scoped_lock lock(mutex_);
            closed_ = true;
        }
        not_empty_.notify_all();
    }

private:
    /// The front item, removed, or nothing. Called with mutex_ held.
    std::optional<Item> take_front() {
        if (items_.empty()) return std::nullopt;
        const Item item = items_.front();
        items_.pop_front();
        return item;
    }

    std::mutex mutex_;                   // guards items_ and closed_
    std::condition_variable not_empty_;  // consumers wait here for an item, or for close()
    std::deque<Item> items_;
    bool closed_ = false;
};

/// How consumers wait for the next item.
enum class Waiting { sleep_on_condition_variable, busy_poll };

/// CPU time the calling thread has used so far, in seconds (not wall-clock time: a sleeping
/// thread uses none).
double thread_cpu_seconds() {
    timespec now{};
    workbook::checked(clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now), "clock_gettime");
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

struct Pipeline {
    int producers;
    int consumers;
    long items;
    long pause_us;  // how long a producer takes to make one item
};

/// Producer p makes items p, p+P, ... below `items`; consumers take them until the queue is
/// closed and drained. Then main checks that every item arrived exactly once.
void run_pipeline(const Pipeline& setup, Waiting waiting) {
    WorkQueue queue;
    const auto consumers = static_cast<std::size_t>(setup.consumers);
    std::vector<std::vector<Item>> taken(consumers);  // consumer c's items: only c writes there
    std::vector<double> cpu_seconds(consumers, 0.0);
    const workbook::Stopwatch watch;
    {
        std::vector<std::jthread> consumer_team;
        for (std::size_t c = 0; c < consumers; ++c) {
            consumer_team.emplace_back([&queue, &mine = taken[c], &cpu = cpu_seconds[c], waiting] {
                const double start = thread_cpu_seconds();
                if (waiting == Waiting::sleep_on_condition_variable) {
                    while (const auto item = queue.pop()) mine.push_back(*item);
                } else {
                    // Busy-waiting: ask "anything yet?" again and again, never sleeping.
                    while (!queue.drained()) {
                        if (const auto item = queue.try_pop()) mine.push_back(*item);
                    }
                }
                cpu = thread_cpu_seconds() - start;
            });
        }
        {
            std::vector<std::jthread> producer_team;
            for (int p = 0; p < setup.producers; ++p) {
                producer_team.emplace_back([&queue, &setup, p] {
                    for (Item item = p; item < setup.items; item += setup.producers) {
                        std::this_thread::sleep_for(std::chrono::microseconds(setup.pause_us));  // making it
                        queue.push(item);
                    }
                });
            }
        }  // every producer has finished: no more items will come
        queue.close();
    }  // every consumer has taken what was left and stopped
    const double wall = watch.seconds();

    const lesson02::Delivery delivery = lesson02::check_delivery(taken, setup.producers, setup.items);
    std::vector<std::size_t> per_consumer;
    for (const auto& mine : taken) per_consumer.push_back(mine.size());
    fmt::print("items taken: {} of {}, each exactly once: {}\n", delivery.taken, setup.items,
               delivery.exactly_once(setup.items) ? "yes" : "NO");
    fmt::print("taken per consumer: {}\n", workbook::python_list(per_consumer));
    fmt::print(
        "wall time {:.1f} ms; consumers' CPU time {:.1f} ms: {}\n", wall * 1e3,
        std::accumulate(cpu_seconds.begin(), cpu_seconds.end(), 0.0) * 1e3,
        waiting == Waiting::busy_poll ? "they spun while the queue was empty" : "they slept while the queue was empty");
}

}  // namespace

int main(int argc, char** argv) {
    Pipeline setup{2, 2, 40, 2000};
    workbook::Cli cli{
        "Lesson 02: a producer/consumer queue with a mutex and a condition variable, and\n"
        "the same with consumers that busy-wait: the same items arrive, at a cost in CPU time."};
    cli.option("--producers", setup.producers, "threads that make items", workbook::between(1, 64));
    cli.option("--consumers", setup.consumers, "threads that take items", workbook::between(1, 64));
    cli.option("--items", setup.items, "items to make in all", workbook::between(1, 1e6));
    cli.option("--pause-us", setup.pause_us, "microseconds a producer takes to make one item",
               workbook::between(0, 1e6));
    cli.parse(argc, argv);

    return workbook::run([&] {
        fmt::print("{} producers make {} items, one every {} us each; {} consumers take them from a queue\n",
                   setup.producers, setup.items, setup.pause_us, setup.consumers);
        fmt::print("== consumers wait on a condition variable\n");
        run_pipeline(setup, Waiting::sleep_on_condition_variable);
        fmt::print("== consumers poll the queue in a loop (busy-waiting)\n");
        run_pipeline(setup, Waiting::busy_poll);
    });
}
