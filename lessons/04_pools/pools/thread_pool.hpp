/// @file thread_pool.hpp
/// @brief A pool of threads: start the workers once, then hand them tasks.
///
/// The Python original is multiprocessing.Pool; a thread pool is its cheaper sibling
/// (multiprocessing.pool.ThreadPool). Starting a thread costs tens of microseconds
/// (lesson 01's bench); handing a task to a waiting thread costs a few.
#pragma once

#include "async_result.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <stop_token>
#include <thread>
#include <type_traits>
#include <vector>

namespace pools {

/// Results in the order their tasks finish (Python's imap_unordered), for range-for.
template <typename R>
class Completions {
public:
    /// Waits for the next finished result; nothing once every task has been returned.
    std::optional<R> next() {
        std::unique_lock lock(state_->mutex);
        if (state_->returned == state_->expected) return std::nullopt;
        state_->changed.wait(lock, [&] { return !state_->done.empty(); });
        R value = std::move(state_->done.front());
        state_->done.pop_front();
        ++state_->returned;
        return value;
    }

    /// An input iterator over next(), so `for (auto r : pool.map_unordered(...))` works.
    class iterator {
    public:
        explicit iterator(Completions* owner) : owner_(owner) { advance(); }
        iterator() = default;
        const R& operator*() const { return *current_; }
        iterator& operator++() {
            advance();
            return *this;
        }
        bool operator!=(const iterator& other) const { return current_.has_value() != (other.current_.has_value()); }

    private:
        void advance() {
            if (owner_) current_ = owner_->next();
        }
        Completions* owner_ = nullptr;
        std::optional<R> current_;
    };
    iterator begin() { return iterator(this); }
    iterator end() { return iterator(); }

    struct State {
        std::mutex mutex;
        std::condition_variable changed;
        std::deque<R> done;
        std::size_t expected = 0;
        std::size_t returned = 0;
    };
    explicit Completions(std::shared_ptr<State> state) : state_(std::move(state)) {}

private:
    std::shared_ptr<State> state_;
};

class ThreadPool {
public:
    /// Starts `workers` threads, which wait for tasks.
    explicit ThreadPool(int workers) {
        if (workers < 1) throw std::invalid_argument("a pool needs at least one worker");
        for (int i = 0; i < workers; ++i) {
            workers_.emplace_back([this](std::stop_token stop) { work(stop); });
        }
    }

    /// Like Python's `with Pool() as pool:` on exit: tasks not started are dropped (their
    /// results report it), running tasks are asked to stop (a task that takes a
    /// std::stop_token sees the request), and every worker is joined.
    ~ThreadPool() {
        {
            std::lock_guard lock(mutex_);
            closing_ = true;
            queue_.clear();  // the dropped tasks' futures report std::future_errc::broken_promise
            queued_.store(0, std::memory_order_relaxed);
        }
        for (auto& w : workers_) w.request_stop();
        wake_.notify_all();
    }  // the jthreads join here

    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    [[nodiscard]] int size() const { return static_cast<int>(workers_.size()); }

    /// Runs f(args...) on a worker; returns its result to come. A callable whose first
    /// parameter is a std::stop_token is given one: threads cannot be killed, only asked.
    template <typename F, typename... Args>
    auto submit(F f, Args... args) {
        if constexpr (std::is_invocable_v<F, std::stop_token, Args...>) {
            using R = std::invoke_result_t<F, std::stop_token, Args...>;
            auto task = std::make_shared<std::packaged_task<R(std::stop_token)>>(
                [f, args...](std::stop_token stop) { return f(stop, args...); });
            AsyncResult<R> result(task->get_future());
            enqueue([task](std::stop_token stop) { (*task)(stop); });
            return result;
        } else {
            using R = std::invoke_result_t<F, Args...>;
            auto task = std::make_shared<std::packaged_task<R()>>([f, args...] { return f(args...); });
            AsyncResult<R> result(task->get_future());
            enqueue([task](std::stop_token) { (*task)(); });
            return result;
        }
    }

    /// f over every item, results in the items' order (Python's map). The items are cut
    /// into chunks, but not handed out one task per chunk: one task per worker (fewer if
    /// there are fewer chunks) takes the next chunk from a shared atomic counter, again and
    /// again, until none is left. A worker whose chunks happen to be quick takes more of
    /// them (OpenMP's schedule(dynamic), lesson 05, hands out chunks the same way), and the
    /// queue is crossed once per worker instead of once per chunk.
    template <typename F, typename T>
    auto map(F f, const std::vector<T>& items, std::size_t chunk = 0) {
        using R = std::invoke_result_t<F, const T&>;
        if (chunk == 0) chunk = default_chunk(items.size(), workers_.size());
        std::vector<R> results(items.size());
        const std::size_t chunk_count = (items.size() + chunk - 1) / chunk;
        std::atomic<std::size_t> next_chunk{0};
        // Chunk c is items [c * chunk, c * chunk + chunk): it writes only its own part of
        // `results`, so no two chunks share an element. The counter hands each out once.
        const auto take_chunks = [&] {
            for (std::size_t c = next_chunk++; c < chunk_count; c = next_chunk++) {
                const std::size_t last = std::min(items.size(), (c + 1) * chunk);
                for (std::size_t i = c * chunk; i < last; ++i) results[i] = f(items[i]);
            }
        };
        std::vector<AsyncResult<void>> takers;
        for (std::size_t w = 0; w < std::min(chunk_count, workers_.size()); ++w) takers.push_back(submit(take_chunks));
        // Wait for every taker, even after one failed: the others still write into
        // `results`, which must outlive them. Then rethrow the first failure.
        std::exception_ptr first_failure;
        for (auto& taker : takers) {
            try {
                taker.get();
            } catch (...) {
                if (!first_failure) first_failure = std::current_exception();
            }
        }
        if (first_failure) std::rethrow_exception(first_failure);
        return results;
    }

    /// f over every item, results as they finish (Python's imap_unordered).
    template <typename F, typename T>
    auto map_unordered(F f, const std::vector<T>& items) {
        using R = std::invoke_result_t<F, const T&>;
        auto state = std::make_shared<typename Completions<R>::State>();
        state->expected = items.size();
        for (const T& item : items) {
            enqueue([state, f, item](std::stop_token) {
                R value = f(item);
                std::lock_guard lock(state->mutex);
                state->done.push_back(std::move(value));
                state->changed.notify_one();
            });
        }
        return Completions<R>(state);
    }

private:
    void enqueue(std::function<void(std::stop_token)> job) {
        {
            std::lock_guard lock(mutex_);
            if (closing_) throw std::logic_error("submit on a pool that is shutting down");
            queue_.push_back(std::move(job));
            queued_.fetch_add(1, std::memory_order_relaxed);
        }
        wake_.notify_one();
    }

    void work(std::stop_token stop) {
        while (true) {
            std::function<void(std::stop_token)> job;
            // Spin a little before sleeping: waking a sleeping thread costs tens of
            // microseconds, and the next task often comes sooner (OpenMP does the same,
            // see OMP_WAIT_POLICY in lesson 05).
            for (int spin = 0; spin < spin_limit && queued_.load(std::memory_order_relaxed) == 0; ++spin) {
                cpu_relax();
            }
            {
                std::unique_lock lock(mutex_);
                // condition_variable_any wakes up on a stop request as well as on notify.
                if (!wake_.wait(lock, stop, [&] { return !queue_.empty(); })) return;
                job = std::move(queue_.front());
                queue_.pop_front();
                queued_.fetch_sub(1, std::memory_order_relaxed);
            }
            job(stop);
        }
    }

    static constexpr int spin_limit = 2'000;  // a few tens of microseconds of polling
    std::atomic<int> queued_{0};              // tasks in the queue, readable without the lock
    std::mutex mutex_;
    std::condition_variable_any wake_;
    std::deque<std::function<void(std::stop_token)>> queue_;
    bool closing_ = false;
    std::vector<std::jthread> workers_;  // last: joined before the queue goes away
};

}  // namespace pools
