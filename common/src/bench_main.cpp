// main() of the workbook's Google Benchmark programs (instead of benchmark::benchmark_main),
// so that they keep the contract of every program: see workbook/bench.hpp.
#include "workbook/bench.hpp"

#include <benchmark/benchmark.h>

int main(int argc, char** argv) {
    workbook::init_benchmarks(argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
