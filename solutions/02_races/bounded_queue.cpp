/// @file bounded_queue.cpp
/// @brief Exercise: a bounded blocking queue made of a mutex and two condition variables.
/// Producers wait while it is full, consumers while it is empty, and close() lets everyone
/// finish. Graded on one thread's steps (capacity, order, waiting, close), then with several
/// producers and consumers: every item must arrive exactly once. Also under ThreadSanitizer.
#include "queue_check.hpp"

#include <workbook/cli.hpp>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

namespace {

using lesson02::Item;

/// A first-in first-out queue of at most `capacity` items, shared by producer and consumer
/// threads. A full queue makes producers wait: a fast producer cannot run ahead of slow
/// consumers and fill the memory.
class BoundedQueue {
public:
    explicit BoundedQueue(std::size_t capacity) : capacity_(capacity) {}

    /// Adds `item` at the back, waiting while the queue is full. Returns false, without adding
    /// it, if the queue is closed (before or while waiting).
    bool push(Item item) {
        std::unique_lock lock(mutex_);
        // wait() sleeps with the mutex unlocked and checks the condition again, locked, on
        // every wake-up: a wake-up can be spurious, or another producer can take the room first.
        not_full_.wait(lock, [this] { return items_.size() < capacity_ || closed_; });
        if (closed_) return false;
        items_.push_back(item);
        lock.unlock();
        not_empty_.notify_one();  // one item: one waiting consumer can have it
        return true;
    }

    /// Adds `item` if there is room right now; never waits. False if the queue is full or closed.
    bool try_push(Item item) {
        {
            const std::scoped_lock lock(mutex_);
            if (closed_ || items_.size() >= capacity_) return false;
            items_.push_back(item);
        }
        not_empty_.notify_one();
        return true;
    }

    /// Takes the item at the front, waiting while the queue is empty. Returns std::nullopt once
    /// the queue is closed and empty: the consumer's signal to stop.
    std::optional<Item> pop() {
        std::unique_lock lock(mutex_);
        not_empty_.wait(lock, [this] { return !items_.empty() || closed_; });
        if (items_.empty()) return std::nullopt;  // closed, and nothing left
        const Item item = items_.front();
        items_.pop_front();
        lock.unlock();
        not_full_.notify_one();  // one free place: one waiting producer can fill it
        return item;
    }

    /// No more items will come. Wakes every waiting thread: consumers take what is left and
    /// then get std::nullopt; producers that wait for room give up.
    void close() {
        {
            const std::scoped_lock lock(mutex_);
            closed_ = true;
        }
        // Everyone: every waiting consumer must see the close, not just one of them.
        not_empty_.notify_all();
        not_full_.notify_all();
    }

private:
    std::mutex mutex_;                   // guards everything below
    std::condition_variable not_full_;   // producers wait here while the queue is full
    std::condition_variable not_empty_;  // consumers wait here while the queue is empty
    std::deque<Item> items_;
    const std::size_t capacity_;
    bool closed_ = false;
};

}  // namespace

int main(int argc, char** argv) {
    int producers = 3;
    int consumers = 2;
    long items = 10'000;
    long capacity = 4;
    workbook::Cli cli{
        "Lesson 02 exercise 'bounded_queue': a queue of limited size made of a mutex and two\n"
        "condition variables; producers and consumers pass items, each must arrive exactly once."};
    cli.option("--producers", producers, "threads that push items", workbook::between(1, 256));
    cli.option("--consumers", consumers, "threads that pop items", workbook::between(1, 256));
    cli.option("--items", items, "items to pass through the queue", workbook::between(1, 1e7));
    cli.option("--capacity", capacity, "how many items the queue holds at most", workbook::between(1, 1e6));
    cli.parse(argc, argv);

    return workbook::run([&] {
        // The checks are in lessons/02_races/queue_check.hpp: they print only what must not
        // depend on timing, so the grader can compare your output with the solution's.
        lesson02::check_queue_rules<BoundedQueue>();
        lesson02::check_pipeline<BoundedQueue>(producers, consumers, items, static_cast<std::size_t>(capacity));
    });
}
