/// @file tasks_fib.cpp
/// @brief OpenMP tasks: recursive work that is not a loop. fib(n) spawns a task per call
/// down to a cutoff, below which plain recursion is cheaper than a task.
#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>
#include <workbook/stopwatch.hpp>

#include <fmt/core.h>
#include <omp.h>

#include <cmath>
#include <numbers>

namespace {

long fib_serial(int n) { return n < 2 ? n : fib_serial(n - 1) + fib_serial(n - 2); }

/// One task per call above the cutoff. `tasks` counts them (atomically: tasks run anywhere).
long fib_tasks(int n, int cutoff, long& tasks) {
    if (n < cutoff) return fib_serial(n);
    long a = 0, b = 0;
    // shared(a): the task writes the parent's a; taskwait makes the parent wait for it.
#pragma omp task shared(a, tasks) firstprivate(n, cutoff)
    {
#pragma omp atomic
        ++tasks;
        a = fib_tasks(n - 1, cutoff, tasks);
    }
    b = fib_tasks(n - 2, cutoff, tasks);  // the parent does the other half itself
#pragma omp taskwait
    return a + b;
}

}  // namespace

int main(int argc, char** argv) {
    int n = 40;
    int cutoff = 30;
    int threads = omp_get_max_threads();
    workbook::Cli cli{
        "Lesson 05 demo 'tasks_fib': '#pragma omp task' for recursive work: one thread\n"
        "creates tasks, the whole team runs them; a cutoff keeps the tasks big enough."};
    cli.option("--n", n, "which Fibonacci number", workbook::between(1, 45));
    cli.option("--cutoff", cutoff, "below this n, plain recursion instead of a task", workbook::between(2, 45));
    cli.option("--threads", threads, "threads in the team (default: OMP_NUM_THREADS)",
               workbook::between(1, workbook::max_threads));
    cli.parse(argc, argv);
    // fib(n) makes about 2 fib(n) calls of 0.65 ns each (measured once on a 2-core test
    // machine), and the run with tasks costs about twice the serial one: 3 in all. Each task
    // costs about 0.45 us more (165 million tasks in 70 s at --cutoff 2, on 2 threads), and
    // the calls from n down to the cutoff are the tasks: about 2 fib(n - cutoff + 1).
    const auto fibonacci_estimate = [](double k) { return std::pow(std::numbers::phi, k) / std::sqrt(5.0); };
    const double calls = 2 * fibonacci_estimate(n);
    const double task_count = n >= cutoff ? 2 * fibonacci_estimate(n - cutoff + 1) : 0.0;
    workbook::announce_cost(fmt::format("fib({}) by recursion, serial and with tasks (cutoff {})", n, cutoff), 0.0,
                            3 * 0.65e-9 * calls + 0.45e-6 * task_count);

    return workbook::run([&] {
        workbook::Stopwatch watch;
        const long serial = fib_serial(n);
        const double serial_s = watch.seconds();
        fmt::print("fib({}) = {}, serial recursion: {:.3f} s\n", n, serial, serial_s);

        long tasks = 0, result = 0;
        watch.reset();
        // One thread (single) starts the recursion; the team's other threads take tasks.
#pragma omp parallel num_threads(threads) shared(result, tasks)
#pragma omp single
        result = fib_tasks(n, cutoff, tasks);
        const double tasks_s = watch.seconds();
        fmt::print("fib({}) = {}, tasks down to n = {} on {} threads: {} tasks, {:.3f} s, speedup {:.2f}x\n", n, result,
                   cutoff, threads, tasks, tasks_s, serial_s / tasks_s);
    });
}
