#include <gtest/gtest.h>

#include <numeric>
#include <stdexcept>
#include <vector>

#include "parkit/text/numpy_str.hpp"

using parkit::text::numpy_str;

namespace {

std::vector<int> iota_ints(int n, int step = 1) {
  std::vector<int> v(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) v[static_cast<std::size_t>(i)] = i * step;
  return v;
}

std::vector<double> tenths(int rank) {
  std::vector<double> v;
  for (int k = 0; k < 10; ++k) v.push_back(k * 0.1 * rank);  // np.arange(10) * 0.1 * rank
  return v;
}

}  // namespace

// Every expectation is str() of the same array in NumPy 1.24 (Debian 12's python3-numpy).
TEST(NumpyStr, Integers) {
  EXPECT_EQ(numpy_str(iota_ints(10)), "[0 1 2 3 4 5 6 7 8 9]");
  EXPECT_EQ(numpy_str(std::vector<int>{-5, 3, 120, 0}), "[ -5   3 120   0]");
  EXPECT_EQ(numpy_str(std::vector<int>{}), "[]");
  EXPECT_EQ(numpy_str(iota_ints(100)),
            "[ 0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15 16 17 18 19 20 21 22 23\n"
            " 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47\n"
            " 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63 64 65 66 67 68 69 70 71\n"
            " 72 73 74 75 76 77 78 79 80 81 82 83 84 85 86 87 88 89 90 91 92 93 94 95\n"
            " 96 97 98 99]");
}

TEST(NumpyStr, Floats) {
  std::vector<double> whole(10);
  std::iota(whole.begin(), whole.end(), 0.0);
  EXPECT_EQ(numpy_str(whole), "[0. 1. 2. 3. 4. 5. 6. 7. 8. 9.]");
  EXPECT_EQ(numpy_str(tenths(1)), "[0.  0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8 0.9]");
  EXPECT_EQ(numpy_str(tenths(3)), "[0.  0.3 0.6 0.9 1.2 1.5 1.8 2.1 2.4 2.7]");
  EXPECT_EQ(numpy_str(tenths(6)), "[0.  0.6 1.2 1.8 2.4 3.  3.6 4.2 4.8 5.4]");
  EXPECT_EQ(numpy_str(std::vector<double>{-1.5, 2.25, 100.125, 0.0}),
            "[ -1.5     2.25  100.125   0.   ]");
  EXPECT_EQ(numpy_str(std::vector<double>{1.0 / 3, 2.0 / 3, 1.0}),
            "[0.33333333 0.66666667 1.        ]");
  std::vector<double> halves;
  for (int k = 0; k < 40; ++k) halves.push_back(k * 1.5);
  EXPECT_EQ(numpy_str(halves),
            "[ 0.   1.5  3.   4.5  6.   7.5  9.  10.5 12.  13.5 15.  16.5 18.  19.5\n"
            " 21.  22.5 24.  25.5 27.  28.5 30.  31.5 33.  34.5 36.  37.5 39.  40.5\n"
            " 42.  43.5 45.  46.5 48.  49.5 51.  52.5 54.  55.5 57.  58.5]");
}

TEST(NumpyStr, TwoDimensions) {
  std::vector<int> rows;
  for (int r = 0; r < 3; ++r) rows.insert(rows.end(), 10, r);
  EXPECT_EQ(numpy_str(rows, 3),
            "[[0 0 0 0 0 0 0 0 0 0]\n [1 1 1 1 1 1 1 1 1 1]\n [2 2 2 2 2 2 2 2 2 2]]");
  EXPECT_EQ(numpy_str(iota_ints(60, 7), 2),  // np.arange(60).reshape(2, 30) * 7
            "[[  0   7  14  21  28  35  42  49  56  63  70  77  84  91  98 105 112 119\n"
            "  126 133 140 147 154 161 168 175 182 189 196 203]\n"
            " [210 217 224 231 238 245 252 259 266 273 280 287 294 301 308 315 322 329\n"
            "  336 343 350 357 364 371 378 385 392 399 406 413]]");
}

TEST(NumpyStr, RefusesWhatItDoesNotFormat) {
  EXPECT_THROW((void)numpy_str(std::vector<double>{1e-5, 1.0}), std::invalid_argument);
  EXPECT_THROW((void)numpy_str(std::vector<double>{1e8}), std::invalid_argument);
  EXPECT_THROW((void)numpy_str(std::vector<double>{1.0, 1001.0}), std::invalid_argument);
  EXPECT_THROW((void)numpy_str(std::vector<double>{1.0 / 0.0}), std::invalid_argument);
  EXPECT_THROW((void)numpy_str(iota_ints(1001)), std::invalid_argument);
  EXPECT_THROW((void)numpy_str(iota_ints(10), 3), std::invalid_argument);
}
