/// @file scaling.hpp
/// @brief Lesson 11's measures of parallel performance: the sweep of thread counts, the
/// measured serial fractions (Karp-Flatt for fixed work, Gustafson's for growing work), and
/// the speedups Amdahl's and Gustafson's laws predict from them.
#pragma once

#include <workbook/plot.hpp>

#include <string>
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

/// One measured curve: the speedup at each count of threads (or ranks).
struct Curve {
    std::string title;
    std::vector<int> counts;
    std::vector<double> speedups;
};

/// The speedups against the ideal line, with Amdahl's curve for serial fraction `amdahl_f`
/// and Gustafson's for `gustafson_a` drawn over them where those are above 0.
workbook::plot::LineFigure speedup_figure(const std::string& title, const std::vector<Curve>& curves, double amdahl_f,
                                          double gustafson_a);

/// The efficiencies (speedup / count, in percent) against 100%.
workbook::plot::LineFigure efficiency_figure(const std::string& title, const std::vector<Curve>& curves);

}  // namespace lesson11
