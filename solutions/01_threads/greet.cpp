/// @file greet.cpp
/// @brief Exercise: start one Greeter thread object per index, then join them all.
/// Graded in any order: threads print when they get there, not in the order they started.
#include "thread.hpp"

#include <workbook/cli.hpp>

#include <fmt/core.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

namespace {

/// A thread object that greets with its index, like the course's ThreadClass.
///
/// Greeters that run at the same time meet before they greet: each waits until all `count`
/// greeters have started, then says how many had. Started one at a time (each joined before
/// the next is started, or run() called instead of start()), a greeter waits for the
/// others in vain: after 2 s it gives up, and so do the greeters after it, at once.
class Greeter : public lesson01::Thread {
public:
    Greeter(int index, int count) : Thread(fmt::format("Greeter-{}", index)), index_(index), count_(count) {}

    void run() override {
        ++started_;
        for (int waited_ms = 0; started_ < count_ && !gave_up_; ++waited_ms) {
            if (waited_ms == 2000) gave_up_ = true;
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        fmt::print("Hello from {}: greeter {} of {}, {}, {} of {} greeters started\n", name(), index_, count_,
                   lesson01::where_am_i(), started_.load(), count_);
    }

private:
    // Shared by every greeter: atomics, which many threads may change at once (lesson 02).
    inline static std::atomic<int> started_{0};
    inline static std::atomic<bool> gave_up_{false};
    int index_;
    int count_;
};

}  // namespace

int main(int argc, char** argv) {
    int threads = 4;
    workbook::Cli cli{"Lesson 01 exercise 'greet': start one Greeter thread per index 1..N and join them."};
    cli.option("--threads", threads, "greeters to start", workbook::between(1, 1024));
    cli.parse(argc, argv);

    return workbook::run([&] {
        fmt::print("main: starting {} greeters\n", threads);
        // Greeters stay where they are made (a running thread holds its object's address),
        // so the vector holds pointers to them.
        std::vector<std::unique_ptr<Greeter>> greeters;

        // Start every greeter before joining any: then they all run at the same time.
        for (int index = 1; index <= threads; ++index) {
            greeters.push_back(std::make_unique<Greeter>(index, threads));
            greeters.back()->start();
        }
        for (auto& greeter : greeters) { greeter->join(); }

        fmt::print("main: all {} greeters have finished\n", greeters.size());
    });
}
