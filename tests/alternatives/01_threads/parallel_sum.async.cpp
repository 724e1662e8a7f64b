/// @file parallel_sum.async.cpp
/// @brief A correct parallel_sum written differently: slices cut at t*n/T, and each
/// thread's sum returned through a std::future from std::async instead of a shared slot.
#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <future>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
    long n = 1'000'003;
    int threads = workbook::usable_cpus();
    workbook::Cli cli{"parallel_sum, written with std::async."};
    cli.option("--n", n, "how many numbers to sum (0 .. n-1)", workbook::between(0, 2e9));
    cli.option("--threads", threads, "threads to split the sum over", workbook::between(1, 1024));
    cli.parse(argc, argv);

    return workbook::run([&] {
        struct Result {
            long long sum;
            long size;
            std::thread::id worker;
        };
        std::vector<std::future<Result>> results;
        for (long t = 0; t < threads; ++t) {
            const long first = t * n / threads;
            const long last = (t + 1) * n / threads;
            results.push_back(std::async(std::launch::async, [first, last] {
                long long sum = 0;
                for (long i = first; i < last; ++i) sum += i;
                return Result{sum, last - first, std::this_thread::get_id()};
            }));
        }
        long long total = 0;
        long smallest = n, largest = 0, reported = 0;
        for (auto& future : results) {
            const Result r = future.get();
            total += r.sum;
            smallest = std::min(smallest, r.size);
            largest = std::max(largest, r.size);
            reported += r.worker != std::this_thread::get_id() ? 1 : 0;
        }
        const long long expected = static_cast<long long>(n) * (n - 1) / 2;
        fmt::print("sum of 0 .. n-1 for n = {} over {} threads\n", n, threads);
        fmt::print("worker threads that reported: {}\n", reported);
        fmt::print("slice sizes: {} to {} numbers\n", smallest, largest);
        fmt::print("total: {}\n", total);
        fmt::print("check against n(n-1)/2 = {}: {}\n", expected, total == expected ? "ok" : "WRONG");
    });
}
