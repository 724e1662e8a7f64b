/// @file thread.hpp
/// @brief The course's Python thread class, in C++: subclass Thread, override run(), call start().
///
/// Python:
/// @code{.py}
/// class ThreadClass(threading.Thread):
///     def run(self): print("%s says Hello World" % self.name)
/// t = ThreadClass(); t.start(); t.join()
/// @endcode
/// Lesson 01's demos and its `greet` exercise use this class; the `jthread` demo shows
/// why modern C++ usually needs no class at all.
#pragma once

#include <fmt/core.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>

namespace lesson01 {

/// The thread that runs main(): inline variables are initialised before main() starts,
/// on that thread.
inline const std::thread::id main_thread_id = std::this_thread::get_id();

/// "on its own thread" or "on the main thread": where the caller is running.
inline const char* where_am_i() {
    return std::this_thread::get_id() == main_thread_id ? "on the main thread" : "on its own thread";
}

/// A thread object in the style of Python's threading.Thread.
class Thread {
public:
    /// Python names threads "Thread-1", "Thread-2", ... unless given a name; so do we.
    Thread() : name_(fmt::format("Thread-{}", ++created_)) {}
    explicit Thread(std::string name) : name_(std::move(name)) {}

    // A running thread holds `this`: copying or moving the object would leave it pointing
    // at the old one. So thread objects stay where they were made.
    Thread(const Thread&) = delete;
    Thread& operator=(const Thread&) = delete;

    virtual ~Thread() {
        // Destroying a thread object whose thread may still run would pull its memory away
        // from under it. std::thread stops the program here; we say why first.
        if (worker_.joinable()) {
            std::fputs("lesson01::Thread destroyed before join(): call join() on every started thread\n", stderr);
            std::abort();
        }
    }

    /// Starts run() on a new thread, like Python's t.start(). A thread starts only once.
    void start() {
        if (worker_.joinable()) throw std::logic_error(name_ + ": start() called twice");
        worker_ = std::thread([this] { run(); });
    }

    /// Waits until run() has returned, like Python's t.join().
    void join() { worker_.join(); }

    /// The body of the thread. Public, as in Python, so the classic mistake is possible:
    /// calling run() yourself runs it right here, on your own thread, not on a new one.
    virtual void run() = 0;

    [[nodiscard]] const std::string& name() const { return name_; }

private:
    inline static std::atomic<int> created_{0};
    std::string name_;
    std::thread worker_;
};

}  // namespace lesson01
