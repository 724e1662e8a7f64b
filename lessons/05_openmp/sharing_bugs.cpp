/// @file sharing_bugs.cpp
/// @brief Who owns a variable inside an OpenMP region: the data-sharing mistakes that
/// compile cleanly and give wrong answers (shared, private, firstprivate, lastprivate),
/// each beside its fix.
#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>

#include <fmt/core.h>
#include <omp.h>

#include <atomic>
#include <string>

int main(int argc, char** argv) {
    long n = 10'000'000;
    int threads = omp_get_max_threads();
    workbook::Cli cli{
        "Lesson 05 demo 'sharing_bugs': variables declared outside a region are shared\n"
        "unless a clause says otherwise; the wrong clause compiles and gives wrong answers."};
    cli.option("--n", n, "iterations of each loop", workbook::between(1, 1e9));
    cli.option("--threads", threads, "threads in the team (default: OMP_NUM_THREADS)",
               workbook::between(1, workbook::max_threads));
    cli.parse(argc, argv);
    // Six loops of n, two of them fighting over one shared variable: about 12 ns an
    // iteration in all (measured once with 2 threads on a 2-core test machine).
    workbook::announce_cost(fmt::format("six loops of n = {}", n), 0.0, 12e-9 * static_cast<double>(n));

    return workbook::run([&] {
        omp_set_num_threads(threads);
        const long count = n;  // clauses name plain variables, so copy the captured option
        fmt::print("{} threads, loops of n = {}; the right answer is n = {} for every sum\n", threads, count, count);

        // Start the team once before timing anything racy: the first region creates the
        // threads, and a thread still being created cannot race with the others.
#pragma omp parallel
        { (void)omp_get_thread_num(); }

        // 1. A shared sum: every thread reads, adds and writes the one variable: a data race.
        // (The signal fence emits no instruction; it only stops g++ from folding the loop into
        // one add per thread, which would hide the race here but not remove it.)
        long racy = 0;
#pragma omp parallel for shared(racy)
        for (long i = 0; i < count; ++i) {
            racy += 1;
            std::atomic_signal_fence(std::memory_order_seq_cst);
        }
        // Report a lost update only when one was lost: a race is a chance, not a certainty, and
        // a run where every add happened to land is not proof that the loop is right.
        std::string verdict;
        if (racy != count) {
            verdict = fmt::format("a race: {} updates lost; differs run to run", count - racy);
        } else if (threads == 1) {
            verdict = "one thread: nobody to race with";
        } else {
            verdict = "no update lost this time: run again; the race is still there";
        }
        fmt::print("1. shared(sum), no protection:   sum = {} ({})\n", racy, verdict);

        // ... a private sum: each thread adds into its own copy, and the copies are dropped.
        long dropped = 0;
#pragma omp parallel for firstprivate(dropped)
        for (long i = 0; i < count; ++i) dropped += 1;
        fmt::print("2. firstprivate(sum):            sum = {} (each thread's copy is thrown away)\n", dropped);

        // The fix: a reduction. Private copies starting at 0, added into the original at the end.
        long reduced = 0;
#pragma omp parallel for reduction(+ : reduced)
        for (long i = 0; i < count; ++i) reduced += 1;
        fmt::print("   fix: reduction(+ : sum):      sum = {}\n", reduced);

        // 3. private vs firstprivate: private copies start uninitialised; firstprivate copies
        // start with the original's value. (Reading a private copy before writing it is
        // undefined behaviour, so this program only shows the firstprivate side.)
        const long start = 100;
        long smallest_copy = start, largest_copy = start;
#pragma omp parallel firstprivate(start) reduction(min : smallest_copy) reduction(max : largest_copy)
        {
            smallest_copy = start;
            largest_copy = start;
        }
        fmt::print("3. firstprivate(start = 100):    every thread's copy started at {} .. {}\n", smallest_copy,
                   largest_copy);

        // 4. The value of the last iteration: private leaves the original untouched,
        // lastprivate copies the sequentially last iteration's value back.
        long last = -1;
#pragma omp parallel for private(last)
        for (long i = 0; i < count; ++i) last = i;
        fmt::print("4. private(last):                last = {} (the original, never written)\n", last);
#pragma omp parallel for lastprivate(last)
        for (long i = 0; i < count; ++i) last = i;
        fmt::print("   fix: lastprivate(last):       last = {}\n", last);

        // 5. The fix for 1 when a reduction does not fit: make each update indivisible.
        long atomic_sum = 0;
#pragma omp parallel for shared(atomic_sum)
        for (long i = 0; i < count; ++i) {
#pragma omp atomic
            atomic_sum += 1;
        }
        fmt::print("5. shared(sum) + omp atomic:     sum = {} (right, but every add is a locked instruction)\n",
                   atomic_sum);
    });
}
