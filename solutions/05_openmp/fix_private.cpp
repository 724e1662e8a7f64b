/// @file fix_private.cpp
/// @brief Exercise: the data-sharing clauses of an OpenMP loop. A value every thread needs
/// a copy of (firstprivate), a total that every thread adds to (reduction), and the value
/// of the last iteration, wanted after the loop (lastprivate). Graded at OMP_NUM_THREADS =
/// 1 to 4.
#include <workbook/cli.hpp>

#include <fmt/core.h>
#include <omp.h>

int main(int argc, char** argv) {
    long n = 1'000'000;
    workbook::Cli cli{
        "Lesson 05 exercise 'fix_private': an OpenMP loop whose data-sharing clauses\n"
        "(private, firstprivate, lastprivate, reduction, shared) decide whether it is right.\n"
        "The thread count comes from OMP_NUM_THREADS."};
    cli.option("--n", n, "numbers to go through (0 .. n-1)", workbook::between(1, 1e9));
    cli.parse(argc, argv);

    return workbook::run([&] {
        const long count = n;        // a plain local: OpenMP clauses name variables, not captures
        const long modulus = 1'000;  // shared: only read inside the loop
        const long offset = 7;       // every thread needs it: a copy each, starting at 7
        long total = 0;              // the sum of (i * i + offset) % modulus over all i
        long last_value = -1;        // wanted after the loop: the value computed for i = n - 1
        long value = -1;             // scratch: each thread needs its own

        // firstprivate(offset): each thread's copy starts at 7 (private would leave it
        // uninitialised). lastprivate(value): each thread has its own scratch `value`, and
        // after the loop the original holds what iteration i = n - 1 computed.
        // reduction(+ : total): private partial sums, added into the original at the end.
        // modulus is shared: it is only read.
#pragma omp parallel for default(none) firstprivate(offset) lastprivate(value) reduction(+ : total) \
    shared(modulus, count)
        for (long i = 0; i < count; ++i) {
            value = (i * i % modulus + offset) % modulus;
            total += value;
        }
        last_value = value;

        fmt::print("n = {}, threads in the team: {}\n", n, omp_get_max_threads());
        fmt::print("total of (i*i + 7) % 1000: {}\n", total);
        fmt::print("value for the last i = {}: {}\n", n - 1, last_value);
    });
}
