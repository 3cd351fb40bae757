// Monte Carlo pi (issue 11): bit-identical on every backend, worker count and chunksize; right
// within its own standard error.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <numbers>

#include "parkit/errors.hpp"
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
