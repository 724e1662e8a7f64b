/// @file queue_check.hpp
/// @brief Checks of a producer/consumer queue whose printed result does not depend on timing:
/// which consumer takes which item changes from run to run, but whether every item arrived
/// exactly once, and in each producer's order, must not. The `producer_consumer` demo and
/// the `bounded_queue` exercise (stub, solution and alternatives alike) use them.
#pragma once

#include <fmt/core.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <string>
#include <thread>
#include <vector>

namespace lesson02 {

/// What the queues of lesson 02 carry.
using Item = long;

/// What the consumers received, checked against what the producers sent: producer p of P
/// sends the items p, p+P, p+2P, ... below `items`, in increasing order.
struct Delivery {
    long taken = 0;        ///< items received, in all
    long missing = 0;      ///< items sent and never received
    long repeated = 0;     ///< items received more than once
    long strangers = 0;    ///< received items that were never sent
    bool in_order = true;  ///< every consumer received every producer's items in the order sent

    /// Every item sent arrived, and arrived once.
    [[nodiscard]] bool exactly_once(long items) const { return taken == items && missing == 0; }
};

/// Checks what consumers received: `taken[c]` holds consumer c's items in the order it got them.
inline Delivery check_delivery(const std::vector<std::vector<Item>>& taken, int producers, long items) {
    Delivery delivery;
    std::vector<int> arrivals(static_cast<std::size_t>(items), 0);
    for (const auto& mine : taken) {
        std::vector<Item> last_from(static_cast<std::size_t>(producers), -1);
        for (const Item item : mine) {
            ++delivery.taken;
            if (item < 0 || item >= items) {
                ++delivery.strangers;
                continue;
            }
            ++arrivals[static_cast<std::size_t>(item)];
            // A first-in first-out queue hands out each producer's items in the order it sent them.
            Item& last = last_from[static_cast<std::size_t>(item % producers)];
            delivery.in_order = delivery.in_order && item > last;
            last = item;
        }
    }
    delivery.missing = std::count(arrivals.begin(), arrivals.end(), 0);
    delivery.repeated = std::count_if(arrivals.begin(), arrivals.end(), [](int k) { return k > 1; });
    return delivery;
}

/// The rules of a bounded queue (capacity, order, waiting, close), checked one step at a
/// time on a queue of capacity 3. Queue needs push, try_push, pop and close (exercise
/// `bounded_queue`).
template <typename Queue>
void check_queue_rules() {
    const auto accepted = [](bool yes) { return yes ? "accepted" : "refused"; };
    fmt::print("== a queue of capacity 3, step by step\n");
    Queue queue(3);
    const bool first = queue.try_push(10), second = queue.try_push(20), third = queue.try_push(30);
    const bool fourth = queue.try_push(40);
    fmt::print("try_push 10, 20, 30, 40: {}, {}, {}, {}\n", accepted(first), accepted(second), accepted(third),
               accepted(fourth));

    // A producer thread pushes into the full queue. It must wait until main takes an item,
    // however long main takes: 50 ms is an age for a thread that does not wait.
    std::atomic<bool> about_to_push{false}, pushed{false};
    bool push_result = false;
    std::jthread producer([&] {
        about_to_push = true;
        push_result = queue.push(40);
        pushed = true;
    });
    while (!about_to_push) std::this_thread::yield();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    fmt::print("push(40) from another thread into the full queue: {}\n", pushed ? "it returned at once" : "it waits");

    const auto front = queue.pop();
    // The pop made room: the waiting push can finish now. A broken queue may never let it, so
    // main does not wait for ever: after 2 s it closes the queue, which must release the push.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (!pushed && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    const bool pushed_in_time = pushed;
    if (!pushed_in_time) queue.close();
    producer.join();
    fmt::print("pop: {}; then the waiting push(40) {}\n", front ? std::to_string(*front) : "nothing",
               pushed_in_time ? fmt::format("returned {}", push_result) : "was still waiting 2 s later");

    queue.close();
    const bool late_try = queue.try_push(50);
    const bool late_push = queue.push(60);
    fmt::print("close(); then try_push 50: {}, push 60: {}\n", accepted(late_try), accepted(late_push));
    std::string drained;
    while (const auto item = queue.pop()) drained += std::to_string(*item) + ", ";
    fmt::print("pop until it says closed: {}then closed\n", drained);
}

/// `producers` threads push the items 0 .. items-1 (producer p every p-th), `consumers`
/// threads pop until the queue is closed and drained; then the delivery is checked.
/// The shutdown order: join the producers, close the queue, join the consumers.
template <typename Queue>
void check_pipeline(int producers, int consumers, long items, std::size_t capacity) {
    fmt::print("== {} producer{}, {} consumer{}, {} items through a queue of capacity {}\n", producers,
               producers == 1 ? "" : "s", consumers, consumers == 1 ? "" : "s", items, capacity);
    Queue queue(capacity);
    // Consumer c writes only taken[c]: the consumers share nothing but the queue.
    std::vector<std::vector<Item>> taken(static_cast<std::size_t>(consumers));
    {
        std::vector<std::jthread> consumer_team;
        for (auto& mine : taken) {
            consumer_team.emplace_back([&queue, &mine] {
                while (const auto item = queue.pop()) mine.push_back(*item);
            });
        }
        {
            std::vector<std::jthread> producer_team;
            for (int p = 0; p < producers; ++p) {
                producer_team.emplace_back([&queue, p, producers, items] {
                    for (Item item = p; item < items; item += producers) {
                        if (!queue.push(item)) return;  // closed: nobody wants more
                    }
                });
            }
        }  // every producer has pushed all its items
        queue.close();
    }  // every consumer has taken what was left and stopped

    const Delivery delivery = check_delivery(taken, producers, items);
    fmt::print("items taken: {} of {}\n", delivery.taken, items);
    fmt::print("missing: {}, taken more than once: {}, never sent: {}\n", delivery.missing, delivery.repeated,
               delivery.strangers);
    fmt::print("each producer's items came out in the order it pushed them: {}\n", delivery.in_order ? "yes" : "NO");
    fmt::print("every item arrived exactly once: {}\n", delivery.exactly_once(items) ? "yes" : "NO");
}

}  // namespace lesson02
