/// @file peak_flops.hpp
/// @brief The machine's peak floating-point rate, measured: every core doing nothing but
/// independent fused multiply-adds on the widest vectors Eigen uses here.
///
/// Peak = cores x clock x (vector lanes x 2 flops per FMA) x FMA instructions per cycle.
/// A Zen 4 core, for example: 2 FMA units of 4 doubles (an AVX-512 instruction of 8 is
/// split in two halves), so 16 flops per cycle, at about 3.65 GHz: 58 GFLOP/s.
#pragma once

#include <workbook/stopwatch.hpp>

#include <Eigen/Core>

#include <algorithm>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace lesson08 {

/// The vector Eigen computes with on this machine (8 doubles with AVX-512, 4 with AVX2).
using Packet = Eigen::internal::packet_traits<double>::type;
/// Doubles in one Packet.
constexpr int lanes = static_cast<int>(Eigen::internal::packet_traits<double>::size);

/// GFLOP/s of this thread over `iterations` rounds of 12 independent vector FMAs. An FMA
/// takes about 4 cycles before its result can be used, and a core starts up to 2 a cycle:
/// 12 independent chains keep every unit busy, one chain would leave them idle 7/8 of the time.
inline double fma_rate_one_thread(long iterations) {
    constexpr int chains = 12;
    Packet acc[chains];
    const Packet x = Eigen::internal::pset1<Packet>(0.999999);
    const Packet y = Eigen::internal::pset1<Packet>(1e-7);
    for (int k = 0; k < chains; ++k) acc[k] = Eigen::internal::pset1<Packet>(k);
    workbook::Stopwatch watch;
    for (long i = 0; i < iterations; ++i) {
        for (int k = 0; k < chains; ++k) acc[k] = Eigen::internal::pmadd(acc[k], x, y);
    }
    const double seconds = watch.seconds();
    // Use the results, or the compiler would drop the loop.
    double sum = 0.0;
    for (int k = 0; k < chains; ++k) {
        double values[lanes];
        Eigen::internal::pstoreu(values, acc[k]);
        for (double v : values) sum += v;
    }
    if (sum == 42.0) watch.reset();
    return chains * lanes * 2.0 * static_cast<double>(iterations) / seconds * 1e-9;
}

/// The peak of `threads` cores in GFLOP/s: each thread runs the FMA kernel at the same time
/// (one thread without OpenMP); best of 3 rounds of about 0.05 s.
inline double peak_gflops(int threads) {
    double best = 0.0;
    for (int round = 0; round < 3; ++round) {
        double total = 0.0;
#ifdef _OPENMP
#pragma omp parallel num_threads(threads) reduction(+ : total)
#endif
        total += fma_rate_one_thread(15'000'000);
        best = std::max(best, total);
    }
#ifndef _OPENMP
    (void)threads;
#endif
    return best;
}

}  // namespace lesson08
