/// @file isolation.cpp
/// @brief A process owns its memory: a child changes a variable and the parent's copy does
/// not change; a thread changes it and main sees the change (lesson 01). Unwritten output
/// is memory too, which is why every fork in this lesson comes after a flush.
#include "process.hpp"

#include <workbook/cli.hpp>

#include <fmt/core.h>
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <system_error>
#include <thread>

namespace {

void child_changes_its_copy() {
    fmt::print("== 1. a child process changes a variable: the parent's copy does not change\n");
    long counter = 1;
    fmt::print("parent: counter = {} at {}, then fork()\n", counter, fmt::ptr(&counter));
    const pid_t pid = lesson03::flush_and_fork();
    if (pid == 0) {
        // The child's counter has the same address, but it lives in the child's own memory:
        // fork() gave the child a copy of everything the parent had.
        fmt::print("child:  counter = {} at {}, my own copy; I set it to 100\n", counter, fmt::ptr(&counter));
        counter = 100;
        fmt::print("child:  counter = {}\n", counter);
        std::fflush(stdout);  // _exit() does not flush: print what we have before leaving
        _exit(0);
    }
    const int status = lesson03::wait_for(pid);
    fmt::print("parent: the child {}; counter = {} here, still\n", workbook::describe_wait_status(status), counter);
    fmt::print("(one address, two memories: each process has its own)\n\n");
}

void thread_changes_the_same() {
    fmt::print("== 2. the same with a thread: one memory, so main sees the change\n");
    long counter = 1;
    fmt::print("main:   counter = {} at {}, then a thread sets it to 100\n", counter, fmt::ptr(&counter));
    {
        std::jthread worker([&counter] { counter = 100; });
    }  // join: everything the thread wrote is visible from here on
    fmt::print("main:   counter = {} after join\n", counter);
    fmt::print("(threads share their process's memory, as in lesson 01's shared_memory)\n\n");
}

void unwritten_output_is_copied() {
    fmt::print("== 3. output not yet written out is memory too: fork copies it\n");
    int ends[2];
    workbook::checked(pipe(ends), "pipe");
    const int read_end = ends[0], write_end = ends[1];
    std::FILE* stream = fdopen(write_end, "w");
    if (stream == nullptr) throw std::system_error(errno, std::generic_category(), "fdopen");
    // Fully buffered, as stdout is when it goes to a pipe or a file: a line waits in the
    // buffer (in this process's memory) until the buffer fills or is flushed.
    std::setvbuf(stream, nullptr, _IOFBF, BUFSIZ);
    std::fputs("written once, before fork\n", stream);
    fmt::print("parent: one line into a buffered stream to a pipe, not flushed, then fork()\n");
    const pid_t pid = lesson03::flush_and_fork();  // flushes stdout, but not `stream`
    if (pid == 0) {
        // The mistake on purpose: exit() flushes the child's copy of every stream, and this
        // child's copy of `stream` still holds the parent's line. (Children elsewhere in
        // this lesson leave with _exit(), which flushes nothing.)
        std::exit(0);
    }
    lesson03::wait_for(pid);
    // Closing the stream flushes the parent's own copy of the line, and closes its write end.
    if (std::fclose(stream) != 0) throw std::system_error(errno, std::generic_category(), "fclose");
    const std::string received = lesson03::read_to_end(read_end);
    lesson03::close_fd(read_end);
    const auto lines = lesson03::lines_of(received);
    fmt::print("the pipe received {} lines:\n", lines.size());
    for (const auto line : lines) fmt::print("  | {}\n", line);
    fmt::print("(so this lesson flushes stdout before every fork, and its children leave with _exit)\n");
}

}  // namespace

int main(int argc, char** argv) {
    workbook::Cli cli{
        "Lesson 03: a process owns its memory. A forked child changes a variable and the\n"
        "parent's copy stays as it was; a thread changes it and main sees it. Unflushed\n"
        "output is memory too: fork copies it, and it comes out twice."};
    cli.parse(argc, argv);

    return workbook::run([&] {
        child_changes_its_copy();
        thread_changes_the_same();
        unwritten_output_is_copied();
    });
}
