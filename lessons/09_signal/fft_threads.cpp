/// @file fft_threads.cpp
/// @brief FFTW's planner: FFTW_ESTIMATE guesses a plan at once, FFTW_MEASURE times candidate
/// plans on this machine and keeps the fastest (seconds of planning for a faster transform);
/// wisdom saves what the planner learnt so the next plan is instant; threaded plans
/// (fftw3_omp) split one transform over several cores.
#include "dsp.hpp"

#include <workbook/cli.hpp>
#include <workbook/files.hpp>
#include <workbook/hardware.hpp>
#include <workbook/stopwatch.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace {

/// Arrays from fftw_alloc_complex are aligned for the widest vector instructions (AVX-512).
struct FftwFree {
    void operator()(fftw_complex* p) const { fftw_free(p); }
};
using ComplexArray = std::unique_ptr<fftw_complex[], FftwFree>;
ComplexArray complex_array(std::size_t n) {
    ComplexArray array(fftw_alloc_complex(n));
    if (!array) throw std::bad_alloc();
    return array;
}

/// One plan: how long planning took, and the best of `repeats` runs of the transform.
struct Timing {
    double plan_s, run_s;
};

Timing plan_and_run(std::size_t n, unsigned flags, int repeats, fftw_complex* in, fftw_complex* out,
                    const std::vector<double>& data) {
    workbook::Stopwatch watch;
    const dsp::Plan plan(fftw_plan_dft_1d(static_cast<int>(n), in, out, FFTW_FORWARD, flags));
    const double plan_s = watch.seconds();
    // Planning with FFTW_MEASURE runs trial transforms on these very arrays and leaves garbage
    // in them: fill the input after planning, never before.
    for (std::size_t i = 0; i < n; ++i) in[i][0] = data[i], in[i][1] = 0.0;
    double best = std::numeric_limits<double>::max();
    for (int r = 0; r < repeats; ++r) {
        watch.reset();
        plan.execute();
        best = std::min(best, watch.seconds());
    }
    return {plan_s, best};
}

/// Wisdom files are a few KB of text: more than this is not wisdom (`--wisdom /dev/zero`
/// would otherwise be read until memory runs out).
constexpr std::size_t most_wisdom_bytes = std::size_t{16} << 20;

/// Relative difference of two outputs: largest |a - b| over largest |a|.
double relative_difference(const fftw_complex* a, const fftw_complex* b, std::size_t n) {
    double diff = 0.0, scale = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        diff = std::max(diff, std::hypot(a[i][0] - b[i][0], a[i][1] - b[i][1]));
        scale = std::max(scale, std::hypot(a[i][0], a[i][1]));
    }
    return diff / scale;
}

}  // namespace

int main(int argc, char** argv) {
    long n = 1 << 20;
    int threads = workbook::usable_cpus(), repeats = 5;
    double plan_seconds = 10;
    std::string wisdom_file, output;
    workbook::Cli cli{
        "Lesson 09: FFTW plans. One complex FFT of n points planned with FFTW_ESTIMATE and with\n"
        "FFTW_MEASURE, planned again from wisdom, then run on 1, 2, 4, ... T threads (fftw3_omp).\n"
        "--output writes threads, plan_s, run_ms for plotting."};
    cli.option("--n", n, "points of the transform", workbook::between(16, 1 << 26));
    cli.option("--threads", threads, "largest thread count", workbook::between(1, workbook::max_threads));
    cli.option("--repeats", repeats, "timed runs of each plan, the best is shown", workbook::between(1, 1000));
    cli.option("--plan-seconds", plan_seconds,
               "longest FFTW_MEASURE planning of one plan (fftw_set_timelimit): the best plan found by then; "
               "0: no limit",
               workbook::between(0, 3600));
    cli.option("--wisdom", wisdom_file, "read FFTW wisdom from this file if it exists, save it there at the end");
    cli.option("--output", output, "write the thread timings to this text file (none if empty)");
    cli.parse(argc, argv);
    // Memory: the data and three complex arrays, 56 bytes a point (FFTW's plans add a little).
    // Time: FFTW_MEASURE plans, once on 1 thread and once for each thread count, each about
    // 3.3 s at 2^20 points (measured once on a 2-core test machine), growing with n, and at
    // most --plan-seconds each.
    const double points = static_cast<double>(n);
    workbook::announce_cost(
        fmt::format("FFTs of {} points planned with FFTW_MEASURE on 1 to {} threads", n, threads), 56 * points,
        (std::ceil(std::log2(threads)) + 4) *
            (plan_seconds > 0 ? std::min(plan_seconds, 3.3 * points / (1 << 20)) : 3.3 * points / (1 << 20)));

    return workbook::run([&] {
        // fftw3_omp: once, before any other FFTW call; then fftw_plan_with_nthreads(T) sets the
        // thread count of the plans made after it.
        if (fftw_init_threads() == 0) throw std::runtime_error("fftw_init_threads failed");
        // FFTW_MEASURE times candidate plans until it has tried them all: at 4M points on 16
        // threads that took 28 s for one plan. With a time limit it stops there and keeps the
        // best plan it has timed so far.
        fftw_set_timelimit(plan_seconds > 0 ? plan_seconds : FFTW_NO_TIMELIMIT);
        // Earlier wisdom, read before any work (a file that is not wisdom stops the run at once)
        // and imported after the ESTIMATE plan, which would otherwise use it.
        const bool has_wisdom = !wisdom_file.empty() && std::filesystem::exists(wisdom_file);
        const std::string old_wisdom = has_wisdom ? workbook::read_file(wisdom_file, most_wisdom_bytes) : "";
        const auto count = static_cast<std::size_t>(n);
        std::vector<double> data(count);
        std::mt19937_64 generator(7);
        std::normal_distribution<double> gaussian(0.0, 1.0);
        for (double& v : data) v = gaussian(generator);
        auto in = complex_array(count), out = complex_array(count), reference = complex_array(count);

        fmt::print("complex FFT of {} points, best of {} runs; FFTW_MEASURE planning {}\n", n, repeats,
                   plan_seconds > 0 ? fmt::format("stopped after {} s a plan", plan_seconds) : "not limited");
        fftw_plan_with_nthreads(1);
        const auto estimate = plan_and_run(count, FFTW_ESTIMATE, repeats, in.get(), out.get(), data);
        std::memcpy(reference.get(), out.get(), count * sizeof(fftw_complex));
        fmt::print("FFTW_ESTIMATE: planned in {:8.3f} s, runs in {:7.3f} ms\n", estimate.plan_s, estimate.run_s * 1e3);
        std::fflush(stdout);
        if (has_wisdom) {
            if (fftw_import_wisdom_from_string(old_wisdom.c_str()) == 0) {
                throw std::runtime_error("cannot read FFTW wisdom from " + wisdom_file + ": it is not FFTW wisdom");
            }
            fmt::print("wisdom imported from {}: the MEASURE plans it knows are instant\n", wisdom_file);
        }
        const auto measure = plan_and_run(count, FFTW_MEASURE, repeats, in.get(), out.get(), data);
        fmt::print("FFTW_MEASURE:  planned in {:8.3f} s, runs in {:7.3f} ms ({:.2f}x the speed of ESTIMATE)\n",
                   measure.plan_s, measure.run_s * 1e3, estimate.run_s / measure.run_s);
        std::fflush(stdout);

        // Wisdom: what the planner measured, as text. Forget it, import it again, plan again.
        char* text = fftw_export_wisdom_to_string();
        const std::string wisdom = text;
        fftw_free(text);
        fftw_forget_wisdom();
        fftw_import_wisdom_from_string(wisdom.c_str());
        const auto again = plan_and_run(count, FFTW_MEASURE, repeats, in.get(), out.get(), data);
        fmt::print("wisdom: {} bytes of text; forgotten, imported, FFTW_MEASURE planned again in {:.3f} s\n",
                   wisdom.size(), again.plan_s);

        fmt::print("{:>7} {:>10} {:>10} {:>8} {:>10}\n", "threads", "planned", "runs", "speedup", "efficiency");
        std::string rows;
        double one_thread = 0.0, worst_difference = 0.0;
        // 1, 2, 4, ... up to --threads, and that count: planning with FFTW_MEASURE takes
        // seconds at large n, so every count would cost minutes on a node of many cores.
        std::vector<int> counts;
        for (int t = 1; t < threads; t *= 2) counts.push_back(t);
        counts.push_back(threads);
        for (const int t : counts) {
            fftw_plan_with_nthreads(t);
            const auto timing = plan_and_run(count, FFTW_MEASURE, repeats, in.get(), out.get(), data);
            if (t == 1) one_thread = timing.run_s;
            worst_difference = std::max(worst_difference, relative_difference(reference.get(), out.get(), count));
            const double speedup = one_thread / timing.run_s;
            fmt::print("{:>7} {:>8.3f} s {:>7.3f} ms {:>7.2f}x {:>9.0f}%\n", t, timing.plan_s, timing.run_s * 1e3,
                       speedup, 100.0 * speedup / t);
            rows += fmt::format("{} {:.6f} {:.6f}\n", t, timing.plan_s, timing.run_s * 1e3);
            // Each line as soon as it is known, also into a pipe or a file (a job's output):
            // the next plan may take seconds.
            std::fflush(stdout);
        }
        // Every plan computes the same transform; only the order of the additions differs.
        fmt::print("every plan's result agrees with the first to {:.0e} (relative): {}\n", 1e-12,
                   worst_difference < 1e-12 ? "yes" : "NO");
        if (worst_difference >= 1e-12) throw std::runtime_error("the plans disagree");

        if (!wisdom_file.empty()) {
            text = fftw_export_wisdom_to_string();
            const std::string all = text;
            fftw_free(text);
            workbook::write_file(wisdom_file, all);
            fmt::print("wisdom saved to {}\n", wisdom_file);
        }
        if (!output.empty()) {
            workbook::write_file(output, fmt::format("# complex FFT of {} points, FFTW_MEASURE plans\n"
                                                     "# threads plan_s run_ms\n{}",
                                                     n, rows));
            fmt::print("wrote the timings (threads plan_s run_ms) to {}\n", output);
        }
        fftw_cleanup_threads();
    });
}
