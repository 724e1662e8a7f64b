/// @file make_it_scale.cpp
/// @brief Exercise (stub): a histogram filled by a team of threads that scales. Each of n numbers
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
    // TODO(11): as written, every thread of the team runs the whole loop (the counts come out
    //           OMP_NUM_THREADS times too big), and each count is an atomic update of the
    //           one shared histogram, a cache line every thread fights over. Share the loop
    //           out among the team (omp for), count into a histogram of the thread's own, and
    //           add it into the shared one once, at the end (under omp critical).
#pragma omp parallel
    {
        for (long i = 0; i < n; ++i) {
#pragma omp atomic
            ++histogram[static_cast<std::size_t>(bin_of(i))];
        }
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
