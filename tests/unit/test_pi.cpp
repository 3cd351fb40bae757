// Monte Carlo pi (issue 11): bit-identical on every backend, worker count and chunksize; right
// within its own standard error.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <numbers>

#include "parkit/errors.hpp"
#include "parkit/random.hpp"
#include "parkit/workloads/monte_carlo_pi.hpp"

using namespace parkit;
using namespace parkit::workloads;

TEST(Pi, TheSameBitsOnEveryBackendWorkerCountAndChunksize) {
  auto one = monte_carlo_pi(make_team(Backend::serial, 1), 97, 2000, 4, 7);
  for (Backend b : {Backend::threads, Backend::processes})
    for (int w : {1, 2, 3})
      for (std::size_t chunk : {1, 4, 64}) {
        auto r = monte_carlo_pi(make_team(b, w), 97, 2000, chunk, 7);
        ASSERT_EQ(r.estimates.size(), one.estimates.size());
        EXPECT_EQ(std::memcmp(r.estimates.data(), one.estimates.data(), 97 * sizeof(double)), 0)
            << to_string(b) << " " << w << " " << chunk;
        EXPECT_EQ(std::memcmp(&r.mean, &one.mean, sizeof(double)), 0);
      }
  // Another seed, other bits.
  EXPECT_NE(monte_carlo_pi(make_team(Backend::serial, 1), 97, 2000, 4, 8).mean, one.mean);
}

TEST(Pi, WithinFourStandardErrorsOfPi) {
  for (std::uint64_t seed : {1, 2, 3}) {
    auto r = monte_carlo_pi(make_team(Backend::threads, 2), 200, 5000, 4, seed);
    EXPECT_GT(r.std_error, 0);
    EXPECT_LT(std::abs(r.mean - std::numbers::pi), 4 * r.std_error) << seed;
  }
}

TEST(Pi, ZerosAreUsageErrors) {
  auto t = make_team(Backend::serial, 1);
  EXPECT_THROW(monte_carlo_pi(t, 0, 10, 4, 1), UsageError);
  EXPECT_THROW(monte_carlo_pi(t, 10, 0, 4, 1), UsageError);
  EXPECT_THROW(monte_carlo_pi(t, 10, 10, 0, 1), UsageError);
}

TEST(Pi, TheSimdKernelCountsWhatTheScalarOneCounts) {
  // Odd sizes and sizes around the kernel's 16 points a step.
  for (std::uint64_t points : {1ull, 2ull, 15ull, 16ull, 17ull, 31ull, 33ull, 1000ull, 100001ull})
    for (std::uint64_t index : {0ull, 3ull, (1ull << 32) + 1})
      EXPECT_EQ(pi_hits({11, points, index}), pi_hits({11, points, index}, false))
          << points << " " << index;
}

TEST(Pi, HitsFollowTheDocumentedRule) {
  // Block i of RandomStream(seed, index): points (w0, w1) and (w2, w3), top 31 bits each.
  RandomStream rng(5, 2);
  std::uint64_t hits = 0;
  for (std::uint64_t i = 0; i < 50; ++i) {
    auto w = rng.block(i);
    for (int k = 0; k < 2; ++k) {
      // long double holds the 62-bit squares exactly.
      long double x = (w[2 * k] >> 1) * 0x1p-31L, y = (w[2 * k + 1] >> 1) * 0x1p-31L;
      hits += x * x + y * y < 1.0L;
    }
  }
  EXPECT_EQ(pi_hits({5, 100, 2}), hits);
  EXPECT_EQ(pi_hits({5, 100, 2}, false), hits);
}
