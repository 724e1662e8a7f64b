/// @file bounded_queue.ring_one_condition.cpp
/// @brief A correct bounded_queue written differently: a ring buffer in a fixed vector
/// instead of a deque, and one condition variable with notify_all instead of two.
#include "queue_check.hpp"

#include <workbook/cli.hpp>

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <vector>

namespace {

using lesson02::Item;

/// The same queue as a ring buffer: a fixed array of `capacity` places, the index of the
/// front and a count, and a single condition variable for "something changed" that wakes
/// every waiter, each of which re-checks its own condition.
class BoundedQueue {
public:
    explicit BoundedQueue(std::size_t capacity) : places_(capacity) {}

    bool push(Item item) {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [this] { return count_ < places_.size() || closed_; });
        return closed_ ? false : append(item);
    }

    bool try_push(Item item) {
        const std::scoped_lock lock(mutex_);
        return closed_ || count_ == places_.size() ? false : append(item);
    }

    std::optional<Item> pop() {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [this] { return count_ > 0 || closed_; });
        if (count_ == 0) return std::nullopt;
        const Item item = places_[front_];
        front_ = (front_ + 1) % places_.size();
        --count_;
        changed_.notify_all();
        return item;
    }

    void close() {
        const std::scoped_lock lock(mutex_);
        closed_ = true;
        changed_.notify_all();
    }

private:
    /// Called with the mutex held and a free place.
    bool append(Item item) {
        places_[(front_ + count_) % places_.size()] = item;
        ++count_;
        changed_.notify_all();
        return true;
    }

    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<Item> places_;
    std::size_t front_ = 0;
    std::size_t count_ = 0;
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
