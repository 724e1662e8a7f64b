#include "scaling.hpp"

#include <workbook/hardware.hpp>

#include <fmt/core.h>

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

workbook::plot::LineFigure speedup_figure(const std::string& title, const std::vector<Curve>& curves, double amdahl_f,
                                          double gustafson_a) {
    workbook::plot::LineFigure figure{title, "threads", "speedup", false, false, {}};
    figure.key = "top left";  // speedups rise to the right: the top left is free
    const std::vector<int>& counts = curves.front().counts;
    workbook::plot::Series ideal{"ideal", {}, {}}, amdahl{fmt::format("Amdahl, f = {:.3f}", amdahl_f), {}, {}},
        gustafson{fmt::format("Gustafson, a = {:.3f}", gustafson_a), {}, {}};
    for (const auto& curve : curves) {
        workbook::plot::Series measured{curve.title, {}, curve.speedups};
        for (const int p : curve.counts) measured.x.push_back(p);
        figure.series.push_back(measured);
    }
    for (const int p : counts) {
        ideal.x.push_back(p), ideal.y.push_back(p);
        amdahl.x.push_back(p), amdahl.y.push_back(amdahl_speedup(amdahl_f, p));
        gustafson.x.push_back(p), gustafson.y.push_back(p - gustafson_a * (p - 1));
    }
    figure.series.push_back(ideal);
    if (amdahl_f > 0) figure.series.push_back(amdahl);
    if (gustafson_a > 0) figure.series.push_back(gustafson);
    return figure;
}

workbook::plot::LineFigure efficiency_figure(const std::string& title, const std::vector<Curve>& curves) {
    workbook::plot::LineFigure figure{title, "threads", "efficiency (%)", false, false, {}};
    figure.key = "bottom left";
    figure.y_from_zero = true;
    workbook::plot::Series full{"100%", {}, {}};
    for (const auto& curve : curves) {
        workbook::plot::Series measured{curve.title, {}, {}};
        for (std::size_t k = 0; k < curve.counts.size(); ++k) {
            measured.x.push_back(curve.counts[k]);
            measured.y.push_back(100.0 * curve.speedups[k] / curve.counts[k]);
        }
        figure.series.push_back(measured);
    }
    for (const int p : curves.front().counts) full.x.push_back(p), full.y.push_back(100.0);
    figure.series.push_back(full);
    return figure;
}

}  // namespace lesson11
