/// @file thread_class.cpp
/// @brief The course's thread-class example: subclass Thread, override run(), start, join.
#include "thread.hpp"

#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>

#include <fmt/chrono.h>

#include <chrono>
#include <memory>
#include <vector>

namespace {

/// The course's ThreadClass, under the course's name: its run() says hello with its name
/// and the time.
class ThreadClass : public lesson01::Thread {
public:
    void run() override {
        // To the second, as the course prints it: fmt 10 and later print a nanosecond
        // clock's seconds with their fraction (04:49:31.017269113).
        const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
        // One print call per line: lines from different threads never tear in the middle.
        fmt::print("{} says Hello World at time: {:%H:%M:%S} ({})\n", name(), now, lesson01::where_am_i());
    }
};

}  // namespace

int main(int argc, char** argv) {
    int threads = workbook::usable_cpus();
    workbook::Cli cli{
        "Lesson 01: the course's thread class. Each ThreadClass object (a lesson01::Thread\n"
        "that says hello) runs its run() on a thread of its own after start(); join()\n"
        "waits for it. Calling run() yourself runs it on the calling thread."};
    cli.option("--threads", threads, "thread objects to start", workbook::between(1, 1024));
    cli.parse(argc, argv);

    return workbook::run([&] {
        fmt::print("== start(): every run() on a new thread, in whatever order they get there\n");
        std::vector<std::unique_ptr<ThreadClass>> hellos;
        for (int i = 0; i < threads; ++i) {
            hellos.push_back(std::make_unique<ThreadClass>());
            hellos.back()->start();
        }
        for (auto& hello : hellos) hello->join();
        fmt::print("main: joined {} threads\n\n", hellos.size());

        fmt::print("== run() called directly: the classic mistake, no new thread at all\n");
        ThreadClass mistaken;
        mistaken.run();
    });
}
