/// @file greet.deque.cpp
/// @brief A correct greet written differently: greeters live in a std::deque (which never
/// moves its elements when it grows) instead of behind unique_ptrs; joined with for_each.
#include "thread.hpp"

#include <workbook/cli.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <deque>

namespace {

class Greeter : public lesson01::Thread {
public:
    Greeter(int index, int count) : Thread(fmt::format("Greeter-{}", index)), index_(index), count_(count) {}

    void run() override {
        fmt::print("Hello from {}: greeter {} of {}, {}\n", name(), index_, count_, lesson01::where_am_i());
    }

private:
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
