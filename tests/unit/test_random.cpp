#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <vector>

#include "parkit/random.hpp"
#include "parkit/stats.hpp"

using namespace parkit;

TEST(RandomStream, IsAPureFunctionOfSeedStreamAndIndex) {
  RandomStream a(7, 3), b(7, 3);
  for (std::uint64_t i : {0ull, 1ull, 2ull, 1000ull, (1ull << 40) + 5})
    EXPECT_EQ(a.bits(i), b.bits(i));
  // Drawing in another order changes nothing.
  std::uint64_t late = a.bits(99);
  for (int i = 0; i < 50; ++i) (void)a.bits(static_cast<std::uint64_t>(i));
  EXPECT_EQ(a.bits(99), late);
}

TEST(RandomStream, SeedStreamAndIndexEachChangeTheBits) {
  RandomStream base(1, 0);
  EXPECT_NE(base.bits(0), RandomStream(2, 0).bits(0));
  EXPECT_NE(base.bits(0), RandomStream(1, 1).bits(0));
  EXPECT_NE(base.bits(0), base.bits(1));
  // The high halves of the 64-bit counter and key matter too.
  EXPECT_NE(base.bits(1), base.bits(1 + (1ull << 32)));
  EXPECT_NE(RandomStream(1ull << 32, 0).bits(0), RandomStream(0, 0).bits(0));
  EXPECT_NE(RandomStream(1, 1ull << 32).bits(0), RandomStream(1, 0).bits(0));
}

TEST(RandomStream, MatchesPhiloxKnownAnswer) {
  // Random123's known-answer vector for Philox4x32-10 with counter and key all zero:
  // 6627e8d5 e169c58d bc57ac4c 9b00dbd8; bits() returns words 0 and 1.
  EXPECT_EQ(RandomStream(0, 0).bits(0), 0x6627e8d5e169c58dull);
}

TEST(RandomStream, UniformIsInUnitIntervalWithTheRightMean) {
  RandomStream s(42, 0);
  double sum = 0;
  std::set<double> seen;
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    double u = s.uniform(static_cast<std::uint64_t>(i));
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    seen.insert(u);
  }
  // Mean 1/2 with standard error 1/sqrt(12 n): 5 standard errors of slack.
  EXPECT_NEAR(sum / n, 0.5, 5 / std::sqrt(12.0 * n));
  EXPECT_GT(seen.size(), static_cast<std::size_t>(n - 5));
  // 53 bits: the value is the top 53 bits of the draw, scaled.
  EXPECT_EQ(s.uniform(3), static_cast<double>(s.bits(3) >> 11) * 0x1.0p-53);
}

TEST(RandomStream, BlockIsTheWholePhiloxOutputAndBitsItsFirstTwoWords) {
  // Known answer for counter and key all zero (Random123's kat_vectors), all four words.
  auto b = RandomStream(0, 0).block(0);
  EXPECT_EQ(b[0], 0x6627e8d5u);
  EXPECT_EQ(b[1], 0xe169c58du);
  EXPECT_EQ(b[2], 0xbc57ac4cu);
  EXPECT_EQ(b[3], 0x9b00dbd8u);
  RandomStream s(99, 5);
  for (std::uint64_t i : {0ull, 7ull, 1ull << 33}) {
    auto w = s.block(i);
    EXPECT_EQ(s.bits(i), (static_cast<std::uint64_t>(w[0]) << 32) | w[1]);
  }
}

TEST(MeanError, SampleStandardDeviationOverRootN) {
  std::vector<double> v = {1, 2, 3, 4};
  MeanError m = mean_error(v);
  EXPECT_DOUBLE_EQ(m.mean, 2.5);
  // sample variance 5/3, over n = 4
  EXPECT_DOUBLE_EQ(m.std_error, std::sqrt(5.0 / 3.0) / 2.0);
  EXPECT_EQ(mean_error(std::vector<double>{7}).std_error, 0);
  EXPECT_EQ(mean_error(std::vector<double>{}).mean, 0);
}
