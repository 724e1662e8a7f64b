/// @file pool_map.cpp
/// @brief Exercise (stub): build map on top of submit. Cut the items into chunks, submit one
/// task per chunk, and collect the results in the items' order.
#include "thread_pool.hpp"

#include <workbook/cli.hpp>
#include <workbook/print.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <numeric>
#include <vector>

/// The work done for one item.
long square(long x) { return x * x; }

/// Applies `f` to every item on `pool`, `chunk` items per task, and returns the results in
/// the items' order. `tasks` counts the tasks submitted.
std::vector<long> pool_map(pools::ThreadPool& pool, long (*f)(long), const std::vector<long>& items, std::size_t chunk,
                           int& tasks) {
    std::vector<long> results(items.size(), 0);
    // TODO(04): cut `items` into chunks of `chunk` items (the last one may be shorter).
    //           For each chunk, pool.submit() a task that computes f for the chunk's items
    //           into their own places in `results`, and count it in `tasks`. Then wait
    //           for every task (get()) before returning. submit returns a
    //           pools::AsyncResult<R>, R being what the task returns.
    //           Lesson text: lessons/04_pools/README.md, "The interface" and
    //           "Exercise 1: pool_map".
    (void)pool, (void)f, (void)chunk, (void)tasks;
    return results;
}

int main(int argc, char** argv) {
    long n = 10;
    long chunk = 3;
    int threads = 4;
    workbook::Cli cli{"Lesson 04 exercise 'pool_map': map on a thread pool, built from submit()."};
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
