/// @file mandelbrot_schedule.cpp
/// @brief Uneven work: rows of a Mandelbrot image cost very different times. The same
/// loop under schedule(static), (dynamic) and (guided), with each thread's share of the
/// work, and optionally the image as a PGM file. --chunk C runs the three with chunks of C
/// rows: schedule(static, C) deals the chunks out in turn, like cards.
#include "kernels.hpp"

#include <workbook/cli.hpp>
#include <workbook/files.hpp>
#include <workbook/hardware.hpp>
#include <workbook/stopwatch.hpp>

#include <fmt/core.h>
#include <omp.h>

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <string>
#include <vector>

namespace {

struct Result {
    double seconds;
    std::vector<long> work;  // iterations done by each thread
    std::vector<int> image;
};

/// The upper half of the set, x in [-2, 0.6], y in [0, 1.3]: the rows near y = 0 cross the
/// set and are expensive, the rows near the top are nearly free. schedule(runtime) takes
/// the schedule set by omp_set_schedule (or the OMP_SCHEDULE variable).
Result render(int size, int max_iter, int threads) {
    Result r{0, std::vector<long>(static_cast<std::size_t>(threads), 0),
             std::vector<int>(static_cast<std::size_t>(size) * static_cast<std::size_t>(size))};
    workbook::Stopwatch watch;
#pragma omp parallel for schedule(runtime) num_threads(threads)
    for (int row = 0; row < size; ++row) {
        long mine = 0;
        const double ci = 1.3 * (size - 1 - row) / (size - 1);
        for (int col = 0; col < size; ++col) {
            const double cr = -2.0 + 2.6 * col / (size - 1);
            const int k = static_cast<int>(lesson05::escape_time(cr, ci, max_iter));
            r.image[static_cast<std::size_t>(row) * static_cast<std::size_t>(size) + static_cast<std::size_t>(col)] = k;
            mine += k;
        }
        r.work[static_cast<std::size_t>(omp_get_thread_num())] += mine;  // one slot per thread
    }
    r.seconds = watch.seconds();
    return r;
}

/// The image as a binary PGM file (P5: a header, then one grey byte a pixel), written whole
/// or not at all: a full disk leaves no half image and the error says why.
void write_pgm(const std::string& path, const std::vector<int>& image, int size, int max_iter) {
    std::string pgm = fmt::format("P5\n{} {}\n255\n", size, size);
    pgm.reserve(pgm.size() + image.size());
    for (int k : image) pgm += static_cast<char>(k >= max_iter ? 0 : 255 - (255 * k) / max_iter);
    workbook::write_file(path, pgm);
}

}  // namespace

int main(int argc, char** argv) {
    int size = 800;
    int max_iter = 500;
    int threads = omp_get_max_threads();
    int chunk = 0;
    std::string out;
    workbook::Cli cli{
        "Lesson 05 demo 'mandelbrot_schedule': a loop whose iterations cost very different\n"
        "times, under schedule(static), schedule(dynamic) and schedule(guided)."};
    cli.option("--size", size, "image width and height in pixels", workbook::between(2, 10000));
    cli.option("--max-iter", max_iter, "iterations before a point counts as inside", workbook::between(1, 100000));
    cli.option("--threads", threads, "threads in the team (default: OMP_NUM_THREADS)",
               workbook::between(1, workbook::max_threads));
    cli.option("--chunk", chunk, "rows per chunk (0: each schedule's default)", workbook::between(0, 10000));
    cli.option("--out", out, "write the image to this PGM file (default: no file)");
    cli.parse(argc, argv);
    // Three renders, each with its image (an int a pixel), the kept image and the PGM text.
    // About 3 ns an iteration (measured once on a 2-core test machine); a point inside the set
    // costs max_iter iterations, and about a fifth of this view is inside.
    const double pixels = static_cast<double>(size) * size;
    const double iterations = 3 * pixels * (0.22 * max_iter + 20);
    workbook::announce_cost(fmt::format("a {}x{} Mandelbrot image, {} iterations at most", size, size, max_iter),
                            pixels * (3 * sizeof(int) + 1),
                            3e-9 * iterations / std::min(threads, workbook::usable_cpus()));

    return workbook::run([&] {
        fmt::print("Mandelbrot {}x{}, at most {} iterations a point, {} threads{}\n", size, size, max_iter, threads,
                   chunk > 0 ? fmt::format(", chunks of {} rows", chunk) : "");
        const std::pair<omp_sched_t, const char*> schedules[] = {
            {omp_sched_static, "static"}, {omp_sched_dynamic, "dynamic"}, {omp_sched_guided, "guided"}};
        std::vector<int> image;
        for (const auto& [kind, name] : schedules) {
            omp_set_schedule(kind, chunk);  // chunk 0: the schedule's default chunk size
            const Result r = render(size, max_iter, threads);
            const long total = std::accumulate(r.work.begin(), r.work.end(), 0L);
            // Load balance: the busiest thread's share against a fair share (1/T).
            const long busiest = *std::max_element(r.work.begin(), r.work.end());
            std::string shares;
            for (long w : r.work)
                shares += fmt::format(" {:.0f}%", 100.0 * static_cast<double>(w) / static_cast<double>(total));
            // "schedule(static)  ", "schedule(dynamic, 4)": padded to the longest, "dynamic".
            const std::string with_chunk = chunk > 0 ? fmt::format(", {}", chunk) : "";
            const std::string label = fmt::format("schedule({}{})", name, with_chunk);
            fmt::print("{:<{}} time {:.3f} s, work per thread:{}, busiest/fair = {:.2f}\n", label,
                       std::string("schedule(dynamic)").size() + with_chunk.size(), r.seconds, shares,
                       static_cast<double>(busiest) * threads / static_cast<double>(total));
            image = r.image;
        }
        const auto inside = std::count(image.begin(), image.end(), max_iter);
        fmt::print("points inside the set: {} (the same under every schedule)\n", inside);
        if (!out.empty()) {
            write_pgm(out, image, size, max_iter);
            fmt::print("image written to {}\n", out);
        }
    });
}
