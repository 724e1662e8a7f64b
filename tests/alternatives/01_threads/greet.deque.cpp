/// @file greet.deque.cpp
/// @brief A correct greet written differently: greeters live in a std::deque (which never
/// moves its elements when it grows) instead of behind unique_ptrs; joined with for_each.
#include "thread.hpp"

#include <workbook/cli.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <deque>
#include <thread>

namespace {

class Greeter : public lesson01::Thread {
public:
    Greeter(int index, int count) : Thread(fmt::format("Greeter-{}", index)), index_(index), count_(count) {}

    // The exercise's meeting, unchanged: wait until every greeter has started (2 s at most).
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
    inline static std::atomic<int> started_{0};
    inline static std::atomic<bool> gave_up_{false};
    int index_;
    int count_;
};

}  // namespace

int main(int argc, char** argv) {
    int threads = 4;
    workbook::Cli cli{"greet, written with a std::deque of greeters."};
    cli.option("--threads", threads, "greeters to start", workbook::between(1, 1024));
    cli.parse(argc, argv);

    return workbook::run([&] {
        fmt::print("main: starting {} greeters\n", threads);
        std::deque<Greeter> greeters;
        for (int index = threads; index >= 1; --index) {  // started in reverse: order must not matter
            greeters.emplace_front(index, threads).start();
        }
        std::ranges::for_each(greeters, [](Greeter& g) { g.join(); });
        fmt::print("main: all {} greeters have finished\n", greeters.size());
    });
}
