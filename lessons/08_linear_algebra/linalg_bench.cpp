/// @file linalg_bench.cpp
/// @brief The matrix-multiply ladder at n = 512, then what the course's Python calls: the
/// matrix product at n = 2000, the inverse and an LU solve at n = 1000, on 1, 2, 4, ...
/// threads up to the usable cores, beside numpy and scipy (python/linalg_bench.py); each
/// with Eigen's own kernels and, where the build found OpenBLAS, with Eigen on OpenBLAS and
/// LAPACKE (the `_openblas` benchmarks). And the peak they are measured against.
#include "huge_pages.hpp"
#include "matmul_kernels.hpp"
#include "parallel_inverse.hpp"
#include "peak_flops.hpp"

#include <workbook/bench.hpp>
#include <workbook/hardware.hpp>

#ifdef WORKBOOK_ON_BLAS
#include "eigen_on_blas.hpp"
#endif

#include <benchmark/benchmark.h>
#include <Eigen/Dense>

#include <cmath>
#include <random>
#include <vector>

namespace {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// Random entries in [-1, 1], on huge pages as numpy's arrays are (huge_pages.hpp): the
/// peer's matrices get them, so these do too.
Eigen::MatrixXd random_matrix(Eigen::Index n) {
    std::mt19937_64 generator(1);
    std::uniform_real_distribution<double> uniform(-1.0, 1.0);
    Eigen::MatrixXd m = lesson08::huge_page_matrix(n);
    for (Eigen::Index k = 0; k < m.size(); ++k) m(k) = uniform(generator);
    return m;
}

/// Thread counts to run: 1 and every core this process may use.
/// Size n on 1, 2, 4, ... threads up to the usable cores (workbook::thread_sweep).
void every_thread_count(benchmark::internal::Benchmark* b, long n) {
    for (const int threads : workbook::thread_sweep()) b->Args({n, threads});
    b->ArgNames({"n", "threads"});
}
// The two problem sizes: n = 2000 for the product, n = 1000 for inverting and solving.
void product_size(benchmark::internal::Benchmark* b) { every_thread_count(b, 2000); }
void solve_size(benchmark::internal::Benchmark* b) { every_thread_count(b, 1000); }

void set_threads(long threads) {
    Eigen::setNbThreads(static_cast<int>(threads));
#ifdef _OPENMP
    omp_set_num_threads(static_cast<int>(threads));
#endif
}

void count_flops(benchmark::State& state, double flops) {
    state.counters["flops"] = benchmark::Counter(flops, benchmark::Counter::kIsIterationInvariantRate);
}

/// One rung of the ladder at n = 512 (2 n^3 = 0.27 GFLOP).
template <void (*Multiply)(const double*, const double*, double*, std::size_t)>
void ladder(benchmark::State& state) {
    const std::size_t n = 512;
    set_threads(workbook::usable_cpus());
    const Eigen::MatrixXd a = random_matrix(n), b = random_matrix(n);
    std::vector<double> c(n * n);
    for (auto _ : state) {
        Multiply(a.data(), b.data(), c.data(), n);
        benchmark::DoNotOptimize(c.data());
    }
    count_flops(state, 2.0 * std::pow(n, 3));
}
void blocked_64(const double* a, const double* b, double* c, std::size_t n) {
    lesson08::matmul_blocked(a, b, c, n, 64);
}
void blocked_64_omp(const double* a, const double* b, double* c, std::size_t n) {
    lesson08::matmul_blocked_omp(a, b, c, n, 64);
}
void eigen_product(const double* a, const double* b, double* c, std::size_t n) {
    const auto size = static_cast<Eigen::Index>(n);
    Eigen::Map<RowMatrix>(c, size, size).noalias() =
        Eigen::Map<const RowMatrix>(a, size, size) * Eigen::Map<const RowMatrix>(b, size, size);
}
BENCHMARK(ladder<lesson08::matmul_naive>)->Name("BM_ladder_1_naive")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(ladder<lesson08::matmul_loop_order>)
    ->Name("BM_ladder_2_loop_order")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(ladder<blocked_64>)->Name("BM_ladder_3_blocked")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(ladder<blocked_64_omp>)->Name("BM_ladder_4_blocked_omp")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(ladder<eigen_product>)->Name("BM_ladder_5_eigen")->Unit(benchmark::kMillisecond)->UseRealTime();

/// numpy's a @ b: Eigen's product, packed panels and a register-blocked kernel.
void BM_matmul(benchmark::State& state) {
    const Eigen::Index n = state.range(0);
    set_threads(state.range(1));
    const Eigen::MatrixXd a = random_matrix(n), b = random_matrix(n);
    Eigen::MatrixXd c = lesson08::huge_page_matrix(n);
    for (auto _ : state) {
        c.noalias() = a * b;
        benchmark::DoNotOptimize(c.data());
    }
    count_flops(state, 2.0 * std::pow(static_cast<double>(n), 3));
}
BENCHMARK(BM_matmul)->Apply(product_size)->Unit(benchmark::kMillisecond)->UseRealTime();

/// scipy.linalg.inv(a): LU, then the inverse from the factors (about 2 n^3 flops in all),
/// its column solves split among the threads (on 1 thread: what Eigen's inverse() does).
void BM_inverse(benchmark::State& state) {
    const Eigen::Index n = state.range(0);
    set_threads(state.range(1));
    const Eigen::MatrixXd a = random_matrix(n);
    Eigen::MatrixXd inverse = lesson08::huge_page_matrix(n);
    for (auto _ : state) {
        inverse = lesson08::parallel_inverse(a, static_cast<int>(state.range(1)));
        benchmark::DoNotOptimize(inverse.data());
    }
    count_flops(state, 2.0 * std::pow(static_cast<double>(n), 3));
}
BENCHMARK(BM_inverse)->Apply(solve_size)->Unit(benchmark::kMillisecond)->UseRealTime();

/// Eigen's own a.inverse(), for comparison: the column solves on one thread whatever
/// setNbThreads says; only the factorisation's products use the others.
void BM_inverse_eigen(benchmark::State& state) {
    const Eigen::Index n = state.range(0);
    set_threads(state.range(1));
    const Eigen::MatrixXd a = random_matrix(n);
    Eigen::MatrixXd inverse = lesson08::huge_page_matrix(n);
    for (auto _ : state) {
        inverse = a.inverse();
        benchmark::DoNotOptimize(inverse.data());
    }
    count_flops(state, 2.0 * std::pow(static_cast<double>(n), 3));
}
BENCHMARK(BM_inverse_eigen)->Apply(solve_size)->Unit(benchmark::kMillisecond)->UseRealTime();

/// scipy.linalg.solve(a, b): LU with partial pivoting and two triangular solves (2/3 n^3).
void BM_lu_solve(benchmark::State& state) {
    const Eigen::Index n = state.range(0);
    set_threads(state.range(1));
    const Eigen::MatrixXd a = random_matrix(n);
    const Eigen::VectorXd b = a * Eigen::VectorXd::Ones(n);
    Eigen::VectorXd x(n);
    for (auto _ : state) {
        x = a.partialPivLu().solve(b);
        benchmark::DoNotOptimize(x.data());
    }
    count_flops(state, 2.0 / 3.0 * std::pow(static_cast<double>(n), 3));
}
BENCHMARK(BM_lu_solve)->Apply(solve_size)->Unit(benchmark::kMillisecond)->UseRealTime();

#ifdef WORKBOOK_ON_BLAS
// The same three operations with Eigen on OpenBLAS and LAPACKE, on OpenBLAS's own threads.
// The JSON's context names the library and the kernels it chose for this CPU.
const bool blas_named = (benchmark::AddCustomContext("blas", lesson08::on_blas::library_description()), true);

void BM_matmul_openblas(benchmark::State& state) {
    const Eigen::Index n = state.range(0);
    lesson08::on_blas::set_threads(static_cast<int>(state.range(1)));
    const Eigen::MatrixXd a = random_matrix(n), b = random_matrix(n);
    Eigen::MatrixXd c = lesson08::huge_page_matrix(n);
    for (auto _ : state) {
        lesson08::on_blas::multiply(a, b, c);
        benchmark::DoNotOptimize(c.data());
    }
    count_flops(state, 2.0 * std::pow(static_cast<double>(n), 3));
}
BENCHMARK(BM_matmul_openblas)->Apply(product_size)->Unit(benchmark::kMillisecond)->UseRealTime();

/// scipy.linalg.inv's own route: dgetrf, then dgetri.
void BM_inverse_openblas(benchmark::State& state) {
    const Eigen::Index n = state.range(0);
    lesson08::on_blas::set_threads(static_cast<int>(state.range(1)));
    const Eigen::MatrixXd a = random_matrix(n);
    Eigen::MatrixXd inverse = lesson08::huge_page_matrix(n);
    for (auto _ : state) {
        inverse = lesson08::on_blas::inverse(a);
        benchmark::DoNotOptimize(inverse.data());
    }
    count_flops(state, 2.0 * std::pow(static_cast<double>(n), 3));
}
BENCHMARK(BM_inverse_openblas)->Apply(solve_size)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_lu_solve_openblas(benchmark::State& state) {
    const Eigen::Index n = state.range(0);
    lesson08::on_blas::set_threads(static_cast<int>(state.range(1)));
    const Eigen::MatrixXd a = random_matrix(n);
    const Eigen::VectorXd b = a * Eigen::VectorXd::Ones(n);
    Eigen::VectorXd x(n);
    for (auto _ : state) {
        x = lesson08::on_blas::lu_solve(a, b);
        benchmark::DoNotOptimize(x.data());
    }
    count_flops(state, 2.0 / 3.0 * std::pow(static_cast<double>(n), 3));
}
BENCHMARK(BM_lu_solve_openblas)->Apply(solve_size)->Unit(benchmark::kMillisecond)->UseRealTime();
#endif

/// The peak the figures above are measured against: every thread doing only FMAs.
void BM_peak(benchmark::State& state) {
    const int threads = static_cast<int>(state.range(0));
    double gflops = 0.0;
    for (auto _ : state) gflops = lesson08::peak_gflops(threads);
    state.counters["flops"] = gflops * 1e9;
}
BENCHMARK(BM_peak)->Apply(workbook::sweep_usable_cpus)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
