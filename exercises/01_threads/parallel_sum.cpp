/// @file parallel_sum.cpp
/// @brief Exercise (stub): split the sum of 0 .. n-1 over T threads. Each thread sums its own
/// slice into its own slot; main adds the slots up after join. Graded exactly at
/// T = 1, 2, 3, 4 and 7, and under ThreadSanitizer.
#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <thread>
#include <vector>

/// The numbers [first, last) one thread sums.
struct Slice {
    long first;
    long last;
};

/// Slice `index` of `parts` nearly equal slices of [0, n): the first n % parts slices
/// get one number more, so no number is lost and none is summed twice.
Slice slice_of(long n, int parts, int index) {
    // TODO(01): compute slice `index` of `parts` nearly equal slices of [0, n).
    //           When n does not divide evenly, give the first n % parts slices one
    //           number more. Lesson text: lessons/01_threads/README.md, "Splitting work".
    (void)n, (void)parts, (void)index;
    return {0, 0};
}

int main(int argc, char** argv) {
    long n = 1'000'003;
    int threads = workbook::usable_cpus();
    workbook::Cli cli{
        "Lesson 01 exercise 'parallel_sum': sum 0 .. n-1 with several threads, each\n"
        "writing its own slot, and check the total against n(n-1)/2."};
    cli.option("--n", n, "how many numbers to sum (0 .. n-1)", workbook::between(0, 2e9));
    cli.option("--threads", threads, "threads to split the sum over", workbook::between(1, 1024));
    cli.parse(argc, argv);

    return workbook::run([&] {
        const auto slots = static_cast<std::size_t>(threads);
        std::vector<long long> partial(slots, 0);    // slot t: the sum thread t found
        std::vector<long> slice_size(slots, 0);      // slot t: how many numbers thread t summed
        std::vector<std::thread::id> worker(slots);  // slot t: which thread did the work
        long long total = 0;

        // TODO(01): start one thread per slice (slice_of gives thread t its numbers).
        //           Thread t sums its slice and writes the sum into partial[t], the slice's
        //           size into slice_size[t], and std::this_thread::get_id() into worker[t].
        //           Join all threads before the line below reads the slots.
        //           Lesson text: lessons/01_threads/README.md, "Exercise 2: parallel_sum".

        for (long long p : partial) total += p;

        // The report: what a student's program prints, whatever the thread count.
        const auto reported = std::count_if(worker.begin(), worker.end(), [](std::thread::id id) {
            return id != std::thread::id{} && id != std::this_thread::get_id();
        });
        const auto [smallest, largest] = std::minmax_element(slice_size.begin(), slice_size.end());
        const long long expected = static_cast<long long>(n) * (n - 1) / 2;
        fmt::print("sum of 0 .. n-1 for n = {} over {} threads\n", n, threads);
        fmt::print("worker threads that reported: {}\n", reported);
        fmt::print("slice sizes: {} to {} numbers\n", *smallest, *largest);
        fmt::print("total: {}\n", total);
        fmt::print("check against n(n-1)/2 = {}: {}\n", expected, total == expected ? "ok" : "WRONG");
    });
}
