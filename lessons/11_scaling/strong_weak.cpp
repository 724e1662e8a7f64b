/// @file strong_weak.cpp
/// @brief Strong and weak scaling of one kernel over 1, 2, 4, ... threads up to the usable
/// cores (and past them with --max-threads, marked as oversubscribed). Strong: the same
/// work on more threads, speedup T(1)/T(p) and its Karp-Flatt serial fraction. Weak: the
/// work grown with the threads, scaled speedup p T(1)/T(p) and Gustafson's serial fraction.
/// pi (lesson 05) is compute-bound: it scales. The STREAM triad is memory-bound: it stops
/// scaling when the memory is busy, whatever the thread count. Mandelbrot rows are uneven
/// work, handed out by schedule(dynamic).
#include "kernels.hpp"
#include "scaling.hpp"

#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>
#include <workbook/plot.hpp>
#include <workbook/stopwatch.hpp>

#include <fmt/core.h>
#include <omp.h>

#include <filesystem>
#include <string>
#include <vector>

namespace {

struct Row {
    int threads;
    double seconds, speedup;
    bool oversubscribed;
};

/// A kernel to sweep: how its work is counted, and what it costs on one core (measured once
/// on the 2-core test machine, g++ 12 -O3: for the announcement of a long run only).
struct Kernel {
    const char* name;
    const char* what;
    const char* unit;
    long default_work;
    double seconds_per_unit, bytes_per_unit;
};

constexpr Kernel kernels[] = {
    {"pi", "pi by the midpoint rule (compute-bound)", "steps", 100'000'000, 0.7e-9, 0.0},
    {"triad", "STREAM triad (memory-bound)", "elements", 20'000'000, 2.4e-9, 24.0},
    {"mandelbrot", "Mandelbrot rows of 1000 points, schedule(dynamic) (uneven work)", "rows", 400, 40e-6, 4.0},
};

/// `rows` rows of 1000 points over lesson 05's region, 200 iterations at most: rows differ
/// in cost, so the schedule hands them out one at a time (lesson 05's pick_schedule).
long mandelbrot_rows(long rows) {
    long total = 0;
#pragma omp parallel for schedule(dynamic) reduction(+ : total)
    for (long row = 0; row < rows; ++row) {
        const double ci = 1.3 * static_cast<double>(row) / static_cast<double>(rows);
        for (int col = 0; col < 1000; ++col) total += lesson05::escape_time(-2.0 + 2.6 * col / 999.0, ci, 200);
    }
    return total;
}

/// Best of `repeats` runs of the kernel on `threads` threads with `work` units of work
/// (the triad's arrays are made once, outside the timing).
double time_kernel(const Kernel& kernel, long work, int threads, int repeats) {
    omp_set_num_threads(threads);
    const std::string name = kernel.name;
    if (name == "pi") {
        volatile double sink = 0;
        return workbook::best_of_seconds(repeats, [&] { sink = lesson05::pi_midpoint(work); });
    }
    if (name == "mandelbrot") {
        volatile long sink = 0;
        return workbook::best_of_seconds(repeats, [&] { sink = mandelbrot_rows(work); });
    }
    lesson05::TriadArrays arrays(work);
    return workbook::best_of_seconds(repeats, [&] { lesson05::triad(arrays); });
}

void print_rows(const std::vector<Row>& rows, bool weak) {
    fmt::print("threads       time  {}  efficiency  {}\n", weak ? "scaled speedup" : "speedup",
               weak ? "Gustafson serial" : "Karp-Flatt serial");
    for (const auto& r : rows) {
        std::string serial = "-";
        if (r.threads > 1)
            serial = fmt::format("{:.3f}", weak ? lesson11::gustafson_fraction(r.speedup, r.threads)
                                                : lesson11::karp_flatt(r.speedup, r.threads));
        fmt::print("{:7d}  {:7.4f} s  {:>{}.2f}  {:9.0f}%  {:>{}}{}\n", r.threads, r.seconds, r.speedup, weak ? 14 : 7,
                   100 * r.speedup / r.threads, serial, weak ? 16 : 17,
                   r.oversubscribed ? "  (oversubscribed: more threads than cores)" : "");
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::string kernel_name = "pi", out;
    long work = 0;
    int most = workbook::usable_cpus(), repeats = 3;
    bool terminal = false;
    workbook::Cli cli{
        "Lesson 11 demo 'strong_weak': strong scaling (the same work on more threads) and weak scaling\n"
        "(the work grown with the threads) of pi (compute-bound), the STREAM triad (memory-bound) or\n"
        "Mandelbrot rows (uneven), with speedup, efficiency and the measured serial fractions."};
    cli.option("--kernel", kernel_name, "pi, triad or mandelbrot");
    cli.option("--work", work,
               "work on 1 thread: pi steps (default 1e8), triad elements (2e7: 480 MB) or Mandelbrot rows (400)",
               workbook::between(1, 1e10));
    cli.option("--max-threads", most, "sweep up to this many threads (default: the usable cores)",
               workbook::between(1, workbook::max_threads));
    cli.option("--repeats", repeats, "runs of each; the best one counts", workbook::between(1, 100));
    cli.option("--out", out, "also draw the speedups into this folder (strong_weak_KERNEL.svg, .png)");
    cli.flag("--terminal", terminal, "also draw the speedups in the terminal");
    cli.parse(argc, argv);
    const Kernel* chosen = nullptr;
    for (const auto& k : kernels)
        if (kernel_name == k.name) chosen = &k;
    if (chosen == nullptr)
        workbook::usage_error(fmt::format("--kernel {}: pi, triad or mandelbrot", workbook::quoted(kernel_name)));
    const Kernel& kernel = *chosen;
    workbook::require_folder("--out", out);
    if (work == 0) work = kernel.default_work;
    const auto counts = lesson11::sweep_to(most);
    // Weak scaling makes the work, and the triad's arrays, `most` times larger.
    const double one = kernel.seconds_per_unit * static_cast<double>(work);
    const double bytes = kernel.bytes_per_unit * static_cast<double>(work) * counts.back();
    workbook::announce_cost(fmt::format("{} scaling to {} threads", kernel.name, counts.back()), bytes,
                            (repeats + 1) * one * 2.0 * static_cast<double>(counts.size()));

    return workbook::run([&] {
        const int usable = workbook::usable_cpus();
        fmt::print("{}, {} usable cores; best of {} runs each\n", kernel.what, usable, repeats);
        std::vector<Row> strong, weak;
        for (const int p : counts) {
            strong.push_back({p, time_kernel(kernel, work, p, repeats), 0.0, p > usable});
            weak.push_back({p, time_kernel(kernel, work * p, p, repeats), 0.0, p > usable});
        }
        for (auto& r : strong) r.speedup = strong.front().seconds / r.seconds;
        for (auto& r : weak) r.speedup = r.threads * weak.front().seconds / r.seconds;

        fmt::print("strong scaling: {} {} in all\n", work, kernel.unit);
        print_rows(strong, false);
        fmt::print("weak scaling: {} {} per thread\n", work, kernel.unit);
        print_rows(weak, true);

        // Amdahl's law with the serial fraction measured at the most threads that have a core each.
        const Row* last = &strong.front();
        for (const auto& r : strong)
            if (!r.oversubscribed) last = &r;
        if (last->threads > 1) {
            const double f = lesson11::karp_flatt(last->speedup, last->threads);
            if (f > 0)
                fmt::print(
                    "Amdahl: with the serial fraction measured at {} threads ({:.3f}), no thread count gives "
                    "more than {:.0f}x\n",
                    last->threads, f, 1.0 / f);
            else
                fmt::print(
                    "Amdahl: the serial fraction measured at {} threads is {:.3f}, not above 0 (caches, or "
                    "noise): the law sets no limit from it\n",
                    last->threads, f);
        }

        if ((!out.empty() || terminal) && counts.size() > 1) {
            // The laws drawn over the measurements, with the serial fractions measured at the
            // most threads that have a core each: where the curves part, the model stops
            // explaining the machine.
            const std::size_t fitted = static_cast<std::size_t>(last - strong.data());
            const double f = fitted > 0 ? lesson11::karp_flatt(strong[fitted].speedup, strong[fitted].threads) : 0;
            const double a = fitted > 0 ? lesson11::gustafson_fraction(weak[fitted].speedup, weak[fitted].threads) : 0;
            std::vector<lesson11::Curve> curves{{"strong", counts, {}}, {"weak (scaled)", counts, {}}};
            for (std::size_t k = 0; k < counts.size(); ++k) {
                curves[0].speedups.push_back(strong[k].speedup);
                curves[1].speedups.push_back(weak[k].speedup);
            }
            const auto speedups =
                lesson11::speedup_figure(std::string(kernel.name) + ": speedup against 1 thread", curves, f, a);
            if (!out.empty()) {
                const std::string name = std::string("strong_weak_") + kernel.name;
                const auto written = workbook::plot::line_plot(speedups, out, name);
                workbook::plot::line_plot(
                    lesson11::efficiency_figure(std::string(kernel.name) + ": efficiency", curves), out,
                    name + "_efficiency");
                fmt::print("drawn: {0}.svg and {0}_efficiency.svg (and .png) in the --out folder{1}\n", name,
                           written.drawn ? "" : " (no gnuplot here: data and scripts only)");
            }
            if (terminal) {
                if (const auto picture = workbook::plot::terminal_plot(speedups)) fmt::print("{}", *picture);
            }
        }
    });
}
