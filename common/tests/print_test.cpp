#include <workbook/print.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

using workbook::numpy_format;
using workbook::python_list;
using workbook::python_repr;

// The seed's linear-algebra practice printed these three arrays with numpy; the expected
// texts below are copied from the seed's printed output, not from this code.
TEST(numpy_format, integer_matrix_matches_the_seed) {
    const std::vector<long long> a{1, 3, 5, 2, 5, 1, 2, 3, 8};
    EXPECT_EQ(numpy_format(a, 3, 3), "[[1 3 5]\n [2 5 1]\n [2 3 8]]");
}

TEST(numpy_format, positional_floats_match_the_seed_inverse) {
    // inv(A) as LAPACK computes it: the entries are not exactly -1.48 etc.
    const std::vector<double> inverse{
        -1.4800000000000002, 0.36, 0.88000000000000012, 0.56000000000000005, 0.08, -0.36, 0.16, -0.12, 0.04};
    EXPECT_EQ(numpy_format(inverse, 3, 3), "[[-1.48  0.36  0.88]\n [ 0.56  0.08 -0.36]\n [ 0.16 -0.12  0.04]]");
}

TEST(numpy_format, scientific_when_magnitudes_span_orders_matches_the_seed) {
    const std::vector<double> product{1.0, -1.11022302e-16, -5.55111512e-17, 3.05311332e-16,
                                      1.0, 1.87350135e-16,  2.22044605e-16,  -1.11022302e-16,
                                      1.0};
    EXPECT_EQ(numpy_format(product, 3, 3),
              "[[ 1.00000000e+00 -1.11022302e-16 -5.55111512e-17]\n"
              " [ 3.05311332e-16  1.00000000e+00  1.87350135e-16]\n"
              " [ 2.22044605e-16 -1.11022302e-16  1.00000000e+00]]");
}

// Expected texts below were printed by numpy 1.24 (Debian 12) for the same arrays.
TEST(numpy_format, whole_floats_keep_the_point_and_pad_fractions) {
    const std::vector<double> values{1.0, 2.5, 3.0};
    EXPECT_EQ(numpy_format(values), "[1.  2.5 3. ]");
}

TEST(numpy_format, rounds_to_eight_fraction_digits) {
    const std::vector<double> values{1.0 / 3.0, 2.0 / 3.0};
    EXPECT_EQ(numpy_format(values), "[0.33333333 0.66666667]");
}

TEST(numpy_format, wraps_long_rows_at_75_characters) {
    std::vector<long long> values;
    for (long long i = 0; i < 40; ++i) values.push_back(i * 1000);
    EXPECT_EQ(numpy_format(values),
              "[    0  1000  2000  3000  4000  5000  6000  7000  8000  9000 10000 11000\n"
              " 12000 13000 14000 15000 16000 17000 18000 19000 20000 21000 22000 23000\n"
              " 24000 25000 26000 27000 28000 29000 30000 31000 32000 33000 34000 35000\n"
              " 36000 37000 38000 39000]");
}

TEST(numpy_format, wraps_matrix_rows_with_two_space_indent) {
    std::vector<double> values;
    for (int i = 0; i < 24; ++i) values.push_back(i + 0.5);
    EXPECT_EQ(numpy_format(values, 2, 12),
              "[[ 0.5  1.5  2.5  3.5  4.5  5.5  6.5  7.5  8.5  9.5 10.5 11.5]\n"
              " [12.5 13.5 14.5 15.5 16.5 17.5 18.5 19.5 20.5 21.5 22.5 23.5]]");
}

TEST(numpy_format, nan_and_inf_are_aligned) {
    const std::vector<double> values{1.5, NAN, -INFINITY};
    EXPECT_EQ(numpy_format(values), "[ 1.5  nan -inf]");
}

TEST(numpy_format, refuses_a_shape_that_does_not_fit) {
    const std::vector<long long> values{1, 2, 3};
    EXPECT_THROW((void)numpy_format(values, 2, 2), std::invalid_argument);
}

// Expected texts are what Python 3 prints for the same values.
TEST(python_list, prints_like_python) {
    EXPECT_EQ(python_list(std::vector<int>{0, 1, 4, 9, 16, 25, 36, 49, 64, 81}),
              "[0, 1, 4, 9, 16, 25, 36, 49, 64, 81]");
    EXPECT_EQ(python_list(std::vector<int>{}), "[]");
    EXPECT_EQ(python_list(std::vector<double>{0.5, 1.0}), "[0.5, 1.0]");
}

TEST(python_repr, shortest_round_trip_like_python) {
    EXPECT_EQ(python_repr(0.1 + 0.2), "0.30000000000000004");
    EXPECT_EQ(python_repr(400.0), "400.0");
    EXPECT_EQ(python_repr(1e-5), "1e-05");
    EXPECT_EQ(python_repr(0.0001), "0.0001");
    EXPECT_EQ(python_repr(1.5e16), "1.5e+16");
    EXPECT_EQ(python_repr(-2.0), "-2.0");
}
