/// @file ceilings.cpp
/// @brief The machine's own ceilings, measured in one run: the FMA rate of one core and of
/// 1, 2, 4, ... cores at once (clocks drop when every core is busy, so N cores give less
/// than N times one), and the STREAM triad's memory bandwidth on as many threads (it stops
/// growing after a few: the memory, not the cores, is then the limit). A program's
/// efficiency is fairly read against these, not against the ideal N.
#include "kernels.hpp"
#include "peak_flops.hpp"
#include "scaling.hpp"

#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>
#include <workbook/stopwatch.hpp>

#include <fmt/core.h>
#include <omp.h>

int main(int argc, char** argv) {
    int most = workbook::usable_cpus();
    long elements = 20'000'000;
    workbook::Cli cli{
        "Lesson 11 demo 'ceilings': the machine's compute ceiling (FMA GFLOP/s on 1, 2, 4, ... cores)\n"
        "and memory ceiling (STREAM triad GB/s on as many threads), measured in the same run."};
    cli.option("--max-threads", most, "up to this many threads (default: the usable cores)",
               workbook::between(1, workbook::max_threads));
    cli.option("--elements", elements, "triad array length (3 arrays of doubles)", workbook::between(1e5, 1e9));
    cli.parse(argc, argv);
    const auto counts = lesson11::sweep_to(most);
    workbook::announce_cost(fmt::format("ceilings on up to {} threads", counts.back()),
                            24.0 * static_cast<double>(elements),
                            static_cast<double>(counts.size()) * (0.3 + 6 * 2.4e-9 * static_cast<double>(elements)));

    return workbook::run([&] {
        const int usable = workbook::usable_cpus();
        fmt::print("{} usable cores; FMA kernel: {} doubles per vector (lesson 08's peak_flops.hpp)\n", usable,
                   lesson08::lanes);
        lesson05::TriadArrays arrays(elements);
        double flops1 = 0, bytes1 = 0;
        fmt::print("threads   GFLOP/s  x one core    triad GB/s  x one thread\n");
        for (const int p : counts) {
            const double gflops = lesson08::peak_gflops(p);
            omp_set_num_threads(p);
            const double seconds = workbook::best_of_seconds(5, [&] { lesson05::triad(arrays); });
            const double gbytes = arrays.bytes() / seconds * 1e-9;
            if (p == 1) flops1 = gflops, bytes1 = gbytes;
            fmt::print("{:7d}  {:8.1f}  {:10.2f}    {:10.1f}  {:12.2f}{}\n", p, gflops, gflops / flops1, gbytes,
                       gbytes / bytes1, p > usable ? "  (oversubscribed)" : "");
        }
    });
}
