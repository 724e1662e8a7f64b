/// @file scaling.hpp
/// @brief Lesson 11's measures of parallel performance: the sweep of thread counts, the
/// measured serial fractions (Karp-Flatt for fixed work, Gustafson's for growing work), and
/// the speedups Amdahl's and Gustafson's laws predict from them.
#pragma once

#include <vector>

namespace lesson11 {

/// 1, 2, 4, ... up to the usable cores and that count (workbook::thread_sweep), then on by
/// doubling up to `most` when it is larger: those counts are oversubscribed (more threads
/// than cores) and are shown as such, never averaged in with the others.
std::vector<int> sweep_to(int most);

/// Karp-Flatt: the serial fraction that explains a measured speedup S on p threads,
/// e = (1/S - 1/p) / (1 - 1/p). A constant e means the serial part is what limits; an e
/// that grows with p means overhead (synchronisation, traffic) that grows with the team.
double karp_flatt(double speedup, int threads);

/// Amdahl's law: the speedup on p threads of work whose serial fraction is f (fixed work).
double amdahl_speedup(double serial_fraction, double threads);

/// Gustafson's serial fraction from a weak-scaling speedup (work grown with p):
/// S = p - a (p - 1), so a = (p - S) / (p - 1).
double gustafson_fraction(double scaled_speedup, int threads);

}  // namespace lesson11
