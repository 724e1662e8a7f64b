/// @file pipe_sum.one_pipe.cpp
/// @brief A correct pipe_sum written differently: slices cut at c*n/C, one pipe shared by
/// all children (a write of at most PIPE_BUF bytes is never interleaved with another),
/// raw fork() instead of start_child, and children reaped with waitpid(-1) as they end.
#include "process.hpp"

#include <workbook/cli.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <map>
#include <span>
#include <string>

struct Report {
    long long sum;
    long count;
    pid_t pid;
};
static_assert(sizeof(Report) <= PIPE_BUF, "one report per write(), never interleaved");

int main(int argc, char** argv) {
    long n = 1'000'003;
    int child_count = 4;
    workbook::Cli cli{"pipe_sum, written with one shared pipe."};
    cli.option("--n", n, "how many numbers to sum (0 .. n-1)", workbook::between(0, 2e9));
    cli.option("--children", child_count, "child processes to split the sum over", workbook::between(1, 64));
    cli.parse(argc, argv);

    return workbook::run([&] {
        int ends[2];
        workbook::checked(pipe(ends), "pipe");
        std::map<pid_t, int> status_of;  // every child forked, and (later) how it ended
        for (long c = 0; c < child_count; ++c) {
            const long first = c * n / child_count, last = (c + 1) * n / child_count;
            const pid_t pid = lesson03::flush_and_fork();
            if (pid == 0) {
                close(ends[0]);
                Report report{0, last - first, getpid()};
                for (long i = first; i < last; ++i) report.sum += i;
                const bool sent = write(ends[1], &report, sizeof report) == static_cast<ssize_t>(sizeof report);
                _exit(sent ? 0 : 1);
            }
            status_of[pid] = -1;
        }
        lesson03::close_fd(ends[1]);
        const std::string bytes = lesson03::read_to_end(ends[0]);
        lesson03::close_fd(ends[0]);
        for (int left = child_count; left > 0; --left) {
            int status = 0;
            const pid_t pid = workbook::checked(waitpid(-1, &status, 0), "waitpid");
            status_of[pid] = status;
        }
        int never_waited_for = 0;
        while (waitpid(-1, nullptr, 0) > 0) ++never_waited_for;

        long long total = 0;
        long smallest = 0, largest = 0;
        int from_their_child = 0, clean_exits = 0;
        for (std::size_t at = 0; at + sizeof(Report) <= bytes.size(); at += sizeof(Report)) {
            Report report{};
            std::memcpy(&report, bytes.data() + at, sizeof report);
            total += report.sum;
            smallest = at == 0 ? report.count : std::min(smallest, report.count);
            largest = std::max(largest, report.count);
            from_their_child += status_of.contains(report.pid) ? 1 : 0;
        }
        for (const auto& [pid, status] : status_of) clean_exits += WIFEXITED(status) && WEXITSTATUS(status) == 0;
        const long long expected = static_cast<long long>(n) * (n - 1) / 2;
        fmt::print("sum of 0 .. n-1 for n = {} over {} child processes\n", n, child_count);
        fmt::print("sums received through pipes, each from the child forked for it: {} of {}\n", from_their_child,
                   child_count);
        fmt::print("children that exited with code 0: {} of {}\n", clean_exits, child_count);
        fmt::print("children never waited for: {}\n", never_waited_for);
        fmt::print("slice sizes: {} to {} numbers\n", smallest, largest);
        fmt::print("total: {}\n", total);
        fmt::print("check against n(n-1)/2 = {}: {}\n", expected, total == expected ? "ok" : "WRONG");
    });
}
