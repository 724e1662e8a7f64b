/// @file pipe_sum.cpp
/// @brief Exercise (stub): split the sum of 0 .. n-1 over C child processes. Each child sums its
/// slice and sends the sum to the parent through a pipe of its own; the parent reads every
/// pipe, waits for every child, and adds the sums. Graded exactly at 1, 3 and 7 children.
#include "process.hpp"

#include <workbook/cli.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

/// The numbers [first, last) one child sums.
struct Slice {
    long first;
    long last;
};

/// Slice `index` of `parts` nearly equal slices of [0, n): the first n % parts slices get
/// one number more (lesson 01's split, unchanged: only the workers are processes now).
Slice slice_of(long n, int parts, int index) {
    const long base = n / parts;
    const long extra = n % parts;
    const long first = index * base + std::min<long>(index, extra);
    return {first, first + base + (index < extra ? 1 : 0)};
}

/// What a child sends its parent: the bytes of this struct. Both ends are the same program
/// on the same machine, so they agree on its layout (between machines, MPI in lesson 06
/// takes care of that).
struct Report {
    long long sum;  ///< the sum of the child's slice
    long count;     ///< how many numbers it summed
    pid_t pid;      ///< who computed it: getpid() in the child
};

/// The child's work: sum its slice and send the report through `to_parent`.
void sum_and_send(Slice slice, int to_parent) {
    Report report{0, slice.last - slice.first, getpid()};
    for (long i = slice.first; i < slice.last; ++i) report.sum += i;
    lesson03::write_all(to_parent, std::as_bytes(std::span{&report, 1}));
}

/// A child's message as a Report. A child that died before sending leaves fewer bytes;
/// `status` is how it ended, or nothing if it was never waited for.
Report decode(const std::string& message, std::optional<int> status, int number) {
    if (message.size() != sizeof(Report)) {
        throw std::runtime_error(
            fmt::format("child {} sent {} bytes instead of its report; it {}", number, message.size(),
                        status ? workbook::describe_wait_status(*status) : std::string("was never waited for")));
    }
    Report report{};
    std::memcpy(&report, message.data(), sizeof report);
    return report;
}

/// One child as its parent sees it.
struct Child {
    pid_t pid;       ///< what fork() returned in the parent
    int from_child;  ///< the read end of the child's pipe
};

int main(int argc, char** argv) {
    long n = 1'000'003;
    int child_count = 4;
    workbook::Cli cli{
        "Lesson 03 exercise 'pipe_sum': sum 0 .. n-1 with several child processes, each\n"
        "sending its partial sum through a pipe, and check the total against n(n-1)/2."};
    cli.option("--n", n, "how many numbers to sum (0 .. n-1)", workbook::between(0, 2e9));
    cli.option("--children", child_count, "child processes to split the sum over", workbook::between(1, 64));
    cli.parse(argc, argv);

    return workbook::run([&] {
        std::vector<Child> children;        // in the order they were started
        std::vector<std::string> messages;  // messages[c]: all that child c sent
        std::vector<int> statuses;          // statuses[c]: how child c ended (waitpid)

        // TODO(03): start one child per slice, each with a pipe of its own (pipe()).
        //           The child (lesson03::start_child) closes the read end it does not use
        //           and sends its report with sum_and_send(slice_of(n, child_count, c), ...).
        //           The parent closes its own copy of the write end, and keeps the child's
        //           PID and the read end in `children`.
        //           Lesson text: lessons/03_processes/README.md, "Pipes" (and "The calls the
        //           exercises use", which declares pipe, start_child, close_fd, ...).

        // TODO(03): for each child, in order: read its pipe to the end
        //           (lesson03::read_to_end) into `messages`, close the read end, and wait
        //           for the child (lesson03::wait_for) into `statuses`.
        //           Lesson text: lessons/03_processes/README.md, "Exercise 1: pipe_sum".

        // Any child still not waited for is reaped here, so none is left behind; the report
        // says how many there were (there should be none).
        int never_waited_for = 0;
        while (waitpid(-1, nullptr, 0) > 0) ++never_waited_for;

        // The report: what a student's program prints, whatever the number of children. It
        // reads only what the code above stored: a child with no PID, message or status
        // kept for it counts as missing, and is never read past the end of a vector.
        long long total = 0;
        int from_their_child = 0, clean_exits = 0;
        std::vector<long> slice_size;
        for (std::size_t c = 0; c < messages.size(); ++c) {
            const auto status = c < statuses.size() ? std::optional<int>(statuses[c]) : std::nullopt;
            const Report report = decode(messages[c], status, static_cast<int>(c) + 1);
            total += report.sum;
            slice_size.push_back(report.count);
            const bool forked_for_it = c < children.size() && report.pid == children[c].pid;
            from_their_child += forked_for_it && report.pid != getpid() ? 1 : 0;
        }
        for (const int status : statuses) clean_exits += WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 1 : 0;
        const auto [smallest, largest] = std::minmax_element(slice_size.begin(), slice_size.end());
        const bool any = !slice_size.empty();
        const long long expected = static_cast<long long>(n) * (n - 1) / 2;
        fmt::print("sum of 0 .. n-1 for n = {} over {} child processes\n", n, child_count);
        fmt::print("sums received through pipes, each from the child forked for it: {} of {}\n", from_their_child,
                   child_count);
        fmt::print("children that exited with code 0: {} of {}\n", clean_exits, child_count);
        fmt::print("children never waited for: {}\n", never_waited_for);
        fmt::print("slice sizes: {} to {} numbers\n", any ? *smallest : 0, any ? *largest : 0);
        fmt::print("total: {}\n", total);
        fmt::print("check against n(n-1)/2 = {}: {}\n", expected, total == expected ? "ok" : "WRONG");
    });
}
