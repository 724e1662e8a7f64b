/// @file simd_saxpy.cpp
/// @brief '#pragma omp simd': vector instructions in one core. g++ -O3 vectorises saxpy by
/// itself, but not a float sum (it may not reorder the additions); 'omp simd reduction'
/// allows it: one partial sum per vector lane.
#include <workbook/cli.hpp>
#include <workbook/hardware.hpp>
#include <workbook/stopwatch.hpp>

#include <fmt/core.h>

#include <vector>

namespace {

/// y = a * x + y: independent iterations, vectorised by -O3 with or without a pragma.
void saxpy(float a, const std::vector<float>& x, std::vector<float>& y) {
    const std::size_t n = x.size();
#pragma omp simd
    for (std::size_t i = 0; i < n; ++i) y[i] = a * x[i] + y[i];
}

/// The sum of x[i] * y[i] in order: every add waits for the one before.
float dot_plain(const std::vector<float>& x, const std::vector<float>& y) {
    float s = 0;
    for (std::size_t i = 0; i < x.size(); ++i) s += x[i] * y[i];
    return s;
}

/// The same with a simd reduction: one partial sum per vector lane, added at the end.
float dot_simd(const std::vector<float>& x, const std::vector<float>& y) {
    float s = 0;
    const std::size_t n = x.size();
#pragma omp simd reduction(+ : s)
    for (std::size_t i = 0; i < n; ++i) s += x[i] * y[i];
    return s;
}

}  // namespace

int main(int argc, char** argv) {
    long n = 1'000'000;
    int repeats = 20;
    workbook::Cli cli{
        "Lesson 05 demo 'simd_saxpy': '#pragma omp simd' asks for vector instructions,\n"
        "and with 'reduction' allows the reordered float sum the compiler may not do alone."};
    cli.option("--n", n, "vector length (floats)", workbook::between(1, 1e9));
    cli.option("--repeats", repeats, "calls of each; the best one counts", workbook::between(1, 1000));
    cli.parse(argc, argv);
    // Two vectors of n floats; each repeat runs both dot products, about 1.1 ns an element
    // together (measured once on a 2-core test machine).
    workbook::announce_cost(fmt::format("two vectors of {} floats, {} repeats", n, repeats),
                            2.0 * sizeof(float) * static_cast<double>(n), 1.1e-9 * static_cast<double>(n) * repeats);

    return workbook::run([&] {
        const auto size = static_cast<std::size_t>(n);
        std::vector<float> x(size, 0.5f), y(size, 0.25f);
        saxpy(2.0f, x, y);  // y = 2 * 0.5 + 0.25 = 1.25 everywhere
        fmt::print("saxpy y = 2 * x + y over {} floats: y[0] = {}, y[n-1] = {}\n", n, y[0], y[size - 1]);

        // x[i] * y[i] = 0.625 exactly; a sum in float rounds once it passes 2^24.
        float plain = 0, simd = 0;
        const double t_plain = workbook::best_of_seconds(repeats, [&] { plain = dot_plain(x, y); });
        const double t_simd = workbook::best_of_seconds(repeats, [&] { simd = dot_simd(x, y); });
        fmt::print("dot, plain loop:           {:.6g}  {:.2f} ms\n", plain, 1e3 * t_plain);
        fmt::print("dot, omp simd reduction:   {:.6g}  {:.2f} ms  ({:.1f}x)\n", simd, 1e3 * t_simd, t_plain / t_simd);
        fmt::print("exact: {} * 0.625 = {}\n", n, static_cast<double>(n) * 0.625);
    });
}
