#include "scaling.hpp"

#include <workbook/hardware.hpp>

namespace lesson11 {

std::vector<int> sweep_to(int most) {
    std::vector<int> counts = workbook::thread_sweep();
    while (counts.back() < most) counts.push_back(counts.back() * 2 > most ? most : counts.back() * 2);
    while (counts.size() > 1 && counts.back() > most) counts.pop_back();
    return counts;
}

double karp_flatt(double speedup, int threads) {
    const double p = threads;
    return (1.0 / speedup - 1.0 / p) / (1.0 - 1.0 / p);
}

double amdahl_speedup(double serial_fraction, double threads) {
    return 1.0 / (serial_fraction + (1.0 - serial_fraction) / threads);
}

double gustafson_fraction(double scaled_speedup, int threads) {
    const double p = threads;
    return (p - scaled_speedup) / (p - 1.0);
}

}  // namespace lesson11
