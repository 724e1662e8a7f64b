/// @file shared_memory.cpp
/// @brief All threads of a process share one memory: they write into one vector that the
/// main thread then reads. Lesson 03 does the same with processes, and the parent sees nothing.
#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>
#include <workbook/print.hpp>

#include <fmt/core.h>

#include <thread>
#include <vector>

int main(int argc, char** argv) {
    int threads = workbook::usable_cpus();
    workbook::Cli cli{
        "Lesson 01: threads share one memory. Each thread writes i*i into slot i of the\n"
        "main thread's vector; main reads the results after join."};
    cli.option("--threads", threads, "threads to start", workbook::between(1, 1024));
    cli.parse(argc, argv);

    return workbook::run([&] {
        std::vector<long> squares(static_cast<std::size_t>(threads), -1);
        std::vector<const void*> seen(squares.size(), nullptr);
        fmt::print("main: a vector of {} slots, all -1: {}\n", squares.size(), workbook::python_list(squares));
        {
            std::vector<std::jthread> team;
            for (std::size_t i = 0; i < squares.size(); ++i) {
                // Each thread writes only its own slot: no two threads touch the same element,
                // so no locking is needed (lesson 02 shows what happens when they do).
                team.emplace_back([&squares, &seen, i] {
                    squares[i] = static_cast<long>(i * i);
                    seen[i] = squares.data();
                });
            }
        }  // join: after this, main may read every slot
        fmt::print("main: after join the vector holds {}\n", workbook::python_list(squares));
        bool same = true;
        for (const void* address : seen) same = same && address == squares.data();
        fmt::print("every thread wrote into the very same vector as main: {}\n", same ? "yes" : "no");
        fmt::print("(threads share their process's memory; processes, in lesson 03, do not)\n");
    });
}
