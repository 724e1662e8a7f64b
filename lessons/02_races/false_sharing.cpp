/// @file false_sharing.cpp
/// @brief False sharing: threads that each write only their own counter still slow each
/// other down when the counters share a cache line. Padding each counter to a line of its
/// own fixes it; the counts are right either way, only the time differs.
#include "counting.hpp"

#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>
#include <workbook/print.hpp>
#include <workbook/stopwatch.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <string_view>
#include <vector>

namespace {

/// Counts in slots of type Slot, prints the time and the counts, returns the time.
template <typename Slot>
double count_and_time(std::string_view label, int threads, long n) {
    const workbook::Stopwatch watch;
    const std::vector<long> counts = lesson02::count_in_slots<Slot>(threads, n);
    const double seconds = watch.seconds();
    const bool right = std::all_of(counts.begin(), counts.end(), [n](long count) { return count == n; });
    fmt::print("{:<44} {:.1f} ms, counts {} {}\n", label, seconds * 1e3, workbook::python_list(counts),
               right ? "(right)" : "(WRONG)");
    return seconds;
}

}  // namespace

int main(int argc, char** argv) {
    int threads = std::max(2, workbook::usable_cpus());
    long n = 20'000'000;
    workbook::Cli cli{
        "Lesson 02: false sharing. Each thread adds 1 to its own counter; counters side by\n"
        "side share a cache line and slow each other down, padded counters do not."};
    cli.option("--threads", threads, "threads, one counter each", workbook::between(1, 64));
    cli.option("--n", n, "increments per thread", workbook::between(1, 1e9));
    cli.parse(argc, argv);

    return workbook::run([&] {
        fmt::print("{} threads, each adds 1 to its own std::atomic<long> {} times (relaxed fetch_add)\n", threads, n);
        const double packed = count_and_time<lesson02::PackedSlot>(
            fmt::format("side by side, {} bytes apart:", sizeof(lesson02::PackedSlot)), threads, n);
        const double padded = count_and_time<lesson02::PaddedSlot>(
            fmt::format("padded, {} bytes apart (a cache line each):", sizeof(lesson02::PaddedSlot)), threads, n);
        fmt::print("side by side took {:.1f}x the time of padded\n", packed / padded);
    });
}
