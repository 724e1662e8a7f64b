#include <workbook/stopwatch.hpp>

#include <gtest/gtest.h>

#include <thread>

using namespace std::chrono_literals;

// Only lower bounds: how much longer a sleep takes depends on the machine's load, so an
// upper bound would make the test flaky. What must hold is that time is not lost.
TEST(stopwatch, measures_at_least_the_time_that_passed) {
    workbook::Stopwatch watch;
    std::this_thread::sleep_for(20ms);
    EXPECT_GE(watch.elapsed(), 20ms);
    EXPECT_GE(watch.seconds(), 0.020);
}

TEST(stopwatch, reset_starts_again_from_zero) {
    workbook::Stopwatch watch;
    std::this_thread::sleep_for(20ms);
    const auto before = watch.elapsed();
    watch.reset();
    EXPECT_LT(watch.elapsed(), before + 1ms) << "after reset, the earlier 20 ms must be gone";
}
