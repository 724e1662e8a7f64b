#include "scaling.hpp"

#include <workbook/hardware.hpp>

#include <gtest/gtest.h>

// Values worked out by hand from the formulas in scaling.hpp.
TEST(scaling, karp_flatt_recovers_the_serial_fraction_amdahl_predicts_with) {
    for (const double f : {0.0, 0.01, 0.1, 0.5}) {
        for (const int p : {2, 4, 16, 68}) {
            EXPECT_NEAR(lesson11::karp_flatt(lesson11::amdahl_speedup(f, p), p), f, 1e-12) << "f " << f << " p " << p;
        }
    }
    EXPECT_NEAR(lesson11::karp_flatt(12.54, 16), (1 / 12.54 - 1.0 / 16) / (1 - 1.0 / 16), 1e-15);
}

TEST(scaling, amdahl_and_gustafson_at_their_limits) {
    EXPECT_DOUBLE_EQ(lesson11::amdahl_speedup(0.0, 8), 8.0) << "no serial part: ideal speedup";
    EXPECT_DOUBLE_EQ(lesson11::amdahl_speedup(1.0, 8), 1.0) << "all serial: no speedup";
    EXPECT_NEAR(lesson11::amdahl_speedup(0.05, 1e9), 20.0, 1e-6) << "at most 1/f";
    EXPECT_DOUBLE_EQ(lesson11::gustafson_fraction(16.0, 16), 0.0);
    EXPECT_DOUBLE_EQ(lesson11::gustafson_fraction(1.0, 16), 1.0);
    EXPECT_DOUBLE_EQ(lesson11::gustafson_fraction(14.5, 16), 0.1);
}

TEST(scaling, the_sweep_goes_to_the_usable_cores_then_doubles_to_the_most_asked) {
    const int usable = workbook::usable_cpus();
    const auto plain = lesson11::sweep_to(usable);
    EXPECT_EQ(plain, workbook::thread_sweep());
    const auto over = lesson11::sweep_to(4 * usable + 1);
    EXPECT_EQ(over.back(), 4 * usable + 1);
    for (std::size_t k = 1; k < over.size(); ++k) EXPECT_GT(over[k], over[k - 1]);
    EXPECT_EQ(lesson11::sweep_to(1), std::vector<int>{1});
}
