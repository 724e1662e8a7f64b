/// @file make_it_scale.cpp
/// @brief Exercise: a histogram filled by a team of threads that scales. Each of n numbers
/// falls into one of 16 bins (the top 4 bits of a multiplicative hash). Every thread takes
/// its share of the numbers, counts into a histogram of its own, and adds it into the
/// shared one once, at the end: no thread waits for another while it counts, and no two
/// threads write the same cache line. Graded at OMP_NUM_THREADS = 1 to 4 on the counts;
/// ./workbook check 11 also reports its speedup beside the reference's.
#include <workbook/cli.hpp>
#include <workbook/stopwatch.hpp>

#include <fmt/core.h>
#include <omp.h>

#include <array>
#include <cstdint>

constexpr int bins = 16;
using Histogram = std::array<long, bins>;

/// The bin of number i: the top 4 bits of a 32-bit multiplicative hash (Knuth's constant),
/// which spreads consecutive numbers over all bins.
int bin_of(long i) { return static_cast<int>((static_cast<std::uint32_t>(i) * 2654435761U) >> 28); }

Histogram count(long n) {
    Histogram histogram{};
#pragma omp parallel
    {
        Histogram mine{};  // this thread's counts: no other thread touches them
#pragma omp for schedule(static)
        for (long i = 0; i < n; ++i) ++mine[static_cast<std::size_t>(bin_of(i))];
#pragma omp critical  // once per thread, not once per number: 16 additions under the lock each
        for (int b = 0; b < bins; ++b) histogram[static_cast<std::size_t>(b)] += mine[static_cast<std::size_t>(b)];
    }
    return histogram;
}

int main(int argc, char** argv) {
    long n = 10'000'000;
    bool show_time = false;
    workbook::Cli cli{
        "Lesson 11 exercise 'make_it_scale': a 16-bin histogram of n numbers filled by an OpenMP\n"
        "team (OMP_NUM_THREADS threads), so that more threads make it faster."};
    cli.option("--n", n, "numbers to count", workbook::between(1, 1e10));
    cli.flag("--time", show_time, "also print the time taken (./workbook check 11 uses it for its speed report)");
    cli.parse(argc, argv);

    return workbook::run([&] {
        workbook::Stopwatch watch;
        const Histogram histogram = count(n);
        const double seconds = watch.seconds();
        long total = 0;
        for (int b = 0; b < bins; ++b) {
            fmt::print("bin {:2d}: {}\n", b, histogram[static_cast<std::size_t>(b)]);
            total += histogram[static_cast<std::size_t>(b)];
        }
        fmt::print("total: {} of {} numbers\n", total, n);
        if (show_time) fmt::print("time: {:.6f} s on {} threads\n", seconds, omp_get_max_threads());
    });
}
