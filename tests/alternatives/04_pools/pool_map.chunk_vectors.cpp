/// @file pool_map.chunk_vectors.cpp
/// @brief A correct pool_map written differently: each task returns its chunk's results
/// as a vector of its own, and the chunks are joined in order afterwards.
#include "thread_pool.hpp"

#include <workbook/cli.hpp>
#include <workbook/print.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <numeric>
#include <vector>

long square(long x) { return x * x; }

std::vector<long> pool_map(pools::ThreadPool& pool, long (*f)(long), const std::vector<long>& items,
                           std::size_t chunk, int& tasks) {
    std::vector<pools::AsyncResult<std::vector<long>>> parts;
    for (std::size_t first = 0; first < items.size(); first += chunk) {
        const auto begin = items.begin() + static_cast<std::ptrdiff_t>(first);
        const auto end = items.begin() + static_cast<std::ptrdiff_t>(std::min(items.size(), first + chunk));
        parts.push_back(pool.submit([f, part = std::vector<long>(begin, end)] {
            std::vector<long> out(part.size());
            std::transform(part.begin(), part.end(), out.begin(), f);
            return out;
        }));
    }
    tasks = static_cast<int>(parts.size());
    std::vector<long> results;
    for (auto& part : parts) {
        const auto values = part.get();
        results.insert(results.end(), values.begin(), values.end());
    }
    return results;
}

int main(int argc, char** argv) {
    long n = 10;
    long chunk = 3;
    int threads = 4;
    workbook::Cli cli{"pool_map, with one result vector per chunk."};
    cli.option("--n", n, "items 0 .. n-1", workbook::between(0, 10'000'000));
    cli.option("--chunk", chunk, "items per task", workbook::between(1, 10'000'000));
    cli.option("--threads", threads, "threads in the pool", workbook::between(1, 256));
    cli.parse(argc, argv);

    return workbook::run([&] {
        std::vector<long> items(static_cast<std::size_t>(n));
        std::iota(items.begin(), items.end(), 0L);
        pools::ThreadPool pool(threads);
        int tasks = 0;
        const auto results = pool_map(pool, square, items, static_cast<std::size_t>(chunk), tasks);
        std::vector<long> serial(items.size());
        std::transform(items.begin(), items.end(), serial.begin(), square);
        fmt::print("pool_map: {} items in chunks of {} on {} threads: {} tasks\n", n, chunk, threads, tasks);
        if (results.size() <= 20) {
            fmt::print("{}\n", workbook::python_list(results));
        } else {
            fmt::print("first: {}\n", workbook::python_list(std::vector<long>(results.begin(), results.begin() + 5)));
            fmt::print("last: {}\n", workbook::python_list(std::vector<long>(results.end() - 5, results.end())));
        }
        fmt::print("the same as a serial loop: {}\n", results == serial ? "yes" : "NO");
    });
}
