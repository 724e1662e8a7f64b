/// @file pick_schedule.cpp
/// @brief Exercise (stub): pick the schedule of a loop whose iterations cost very different
/// times (Mandelbrot rows), so that every thread gets a fair share of the work, and the
/// same rows in every run. Graded at OMP_NUM_THREADS = 1 to 4.
#include "kernels.hpp"

#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>

#include <fmt/core.h>
#include <omp.h>

#include <algorithm>
#include <numeric>
#include <string>
#include <vector>

/// The iterations of one row of the upper half of the set: heavy near y = 0, light at the top.
long row_work(int row, int size, long max_iter) {
    const double ci = 1.3 * (size - 1 - row) / (size - 1);
    long work = 0;
    for (int col = 0; col < size; ++col) work += lesson05::escape_time(-2.0 + 2.6 * col / (size - 1), ci, max_iter);
    return work;
}

/// Which thread did each row.
std::vector<int> share_rows(int size, long max_iter, std::vector<long>& work_by_thread) {
    std::vector<int> owner(static_cast<std::size_t>(size), -1);
    // TODO(05): schedule(static) cuts the rows into one block per thread, and the rows are far
    //           from equal: one thread gets nearly all the work. Pick a schedule that gives
    //           every thread a fair share (within 5%) and the same rows in every run.
    //           Lesson text: lessons/05_openmp/README.md, "Schedules: uneven work" and
    //           "Exercise 3: pick_schedule".
#pragma omp parallel for schedule(static)
    for (int row = 0; row < size; ++row) {
        const int me = omp_get_thread_num();
        owner[static_cast<std::size_t>(row)] = me;
        const long work = row_work(row, size, max_iter);
#pragma omp atomic
        work_by_thread[static_cast<std::size_t>(me)] += work;
    }
    return owner;
}

int main(int argc, char** argv) {
    int size = 400;
    long max_iter = 300;
    workbook::Cli cli{
        "Lesson 05 exercise 'pick_schedule': the schedule clause of a loop with uneven\n"
        "iterations decides whether the threads share the work fairly.\n"
        "The thread count comes from OMP_NUM_THREADS."};
    cli.option("--size", size, "image width and height (rows of the loop)", workbook::between(8, 4000));
    cli.option("--max-iter", max_iter, "iterations before a point counts as inside", workbook::between(1, 100000));
    cli.parse(argc, argv);
    // Two runs of the loop; about 2.4 ns an iteration (measured once on a 2-core test machine),
    // max_iter iterations for a point inside the set, about a fifth of the points.
    const double iterations = 2.0 * size * size * (0.22 * static_cast<double>(max_iter) + 20);
    workbook::announce_cost(fmt::format("{} rows of {} points, {} iterations at most", size, size, max_iter), 0.0,
                            2.4e-9 * iterations / std::min(omp_get_max_threads(), workbook::usable_cpus()));

    return workbook::run([&] {
        const int team = omp_get_max_threads();
        std::vector<long> work(static_cast<std::size_t>(team), 0), again(work);
        const std::vector<int> owner = share_rows(size, max_iter, work);
        const std::vector<int> owner_again = share_rows(size, max_iter, again);

        const long total = std::accumulate(work.begin(), work.end(), 0L);
        const long busiest = *std::max_element(work.begin(), work.end());
        const double ratio = static_cast<double>(busiest) * team / static_cast<double>(total);
        fmt::print("Mandelbrot rows: {} rows of {} points, {} threads\n", size, size, team);
        fmt::print("total work: {} iterations\n", total);
        // "no" says by how much, so that a failing schedule shows what went wrong; "yes" says
        // nothing more, so that every schedule that passes prints the same.
        fmt::print("busiest thread within 5% of a fair share: {}\n",
                   ratio <= 1.05 ? "yes" : fmt::format("no (busiest/fair = {:.2f})", ratio));
        long moved = 0;
        for (std::size_t row = 0; row < owner.size(); ++row) moved += owner[row] != owner_again[row] ? 1 : 0;
        fmt::print("each thread got the same rows in both runs: {}\n",
                   moved == 0 ? "yes" : fmt::format("no ({} of {} rows went to another thread)", moved, size));
    });
}
