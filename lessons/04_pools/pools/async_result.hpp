/// @file async_result.hpp
/// @brief A task's result to come, as Python's AsyncResult: get(), get(timeout), ready().
#pragma once

#include <chrono>
#include <functional>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>

namespace pools {

/// Thrown by AsyncResult::get(timeout) when the result is not there in time: the task goes
/// on running (Python's multiprocessing.TimeoutError works the same way).
class TimeoutError : public std::runtime_error {
public:
    TimeoutError() : std::runtime_error("TimeoutError: the result was not ready in time") {}
};

/// Thrown by get() when a process pool's worker died while running the task.
class WorkerDied : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Tells the CPU this is a busy-wait loop (x86 `pause`): it saves power and lets the
/// other hardware thread of the core run.
inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#else
    std::this_thread::yield();
#endif
}

/// How a pool helps a waiting thread: called with "is my result there yet?", it may spend a
/// few microseconds fetching finished results itself before the thread goes to sleep
/// (ProcessPool does: then no other thread has to be woken to hand the result over).
using WaitBriefly = std::function<void(const std::function<bool()>& ready)>;

/// The result of a submitted task. Move-only, like the std::future inside it.
template <typename T>
class AsyncResult {
public:
    explicit AsyncResult(std::future<T> future, WaitBriefly wait_briefly = {})
        : future_(std::move(future)), wait_briefly_(std::move(wait_briefly)) {}

    /// Waits as long as it takes; rethrows the task's exception.
    T get() {
        spin_briefly();
        return future_.get();
    }

    /// Waits at most `timeout`; then throws TimeoutError (the task is not cancelled).
    template <typename Rep, typename Period>
    T get(std::chrono::duration<Rep, Period> timeout) {
        spin_briefly();
        if (future_.wait_for(timeout) != std::future_status::ready) throw TimeoutError();
        return future_.get();
    }

    /// True once the task has finished (with a value or an exception).
    [[nodiscard]] bool ready() const { return future_.wait_for(std::chrono::seconds(0)) == std::future_status::ready; }

private:
    /// A short task is often done within microseconds: poll a little before going to
    /// sleep, since being woken up again costs tens of microseconds.
    void spin_briefly() const {
        if (wait_briefly_) {
            wait_briefly_([this] { return ready(); });
            return;
        }
        for (int spin = 0; spin < 2'000 && !ready(); ++spin) cpu_relax();
    }

    std::future<T> future_;
    WaitBriefly wait_briefly_;
};

/// Python's default chunk size for map: about four chunks per worker.
inline std::size_t default_chunk(std::size_t items, std::size_t workers) {
    const std::size_t chunks = 4 * (workers == 0 ? 1 : workers);
    return items == 0 ? 1 : (items + chunks - 1) / chunks;
}

}  // namespace pools
