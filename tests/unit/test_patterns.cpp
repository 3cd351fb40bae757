#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>

#include "parkit/map.hpp"
#include "team_params.hpp"

using namespace parkit;

namespace {

class PatternTest : public testing::TestWithParam<Team> {};

std::vector<MapOptions> all_schedules() {
  return {{Schedule::block, 0},   {Schedule::block, 3},   {Schedule::cyclic, 0},
          {Schedule::cyclic, 5},  {Schedule::dynamic, 0}, {Schedule::dynamic, 1},
          {Schedule::dynamic, 64}};
}

// Terms whose floating-point sum depends on the order they are added in.
double term(std::size_t i) { return 1.0 / (1.0 + static_cast<double>(i)) * (i % 3 ? 1e-8 : 1e8); }

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

}  // namespace

TEST_P(PatternTest, MapReturnsResultsInTaskOrderForEverySchedule) {
  for (std::size_t n : {0u, 1u, 7u, 1000u}) {
    for (auto o : all_schedules()) {
      auto out = map(
          GetParam(), n, [](std::size_t i) { return i * i; }, o);
      ASSERT_EQ(out.size(), n);
      for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(out[i], i * i) << "n=" << n;
    }
  }
}

TEST_P(PatternTest, MapCarriesSerializedResults) {
  auto out =
      map(GetParam(), 50, [](std::size_t i) { return std::to_string(i); }, {Schedule::dynamic, 4});
  for (std::size_t i = 0; i < 50; ++i) EXPECT_EQ(out[i], std::to_string(i));
}

TEST_P(PatternTest, MapReduceIsBitIdenticalToTheSerialFold) {
  const std::size_t n = 10007;
  double serial = 0;
  for (std::size_t i = 0; i < n; ++i) serial += term(i);
  for (auto o : all_schedules()) {
    double got = map_reduce(GetParam(), n, term, 0.0, std::plus<>(), o);
    EXPECT_TRUE(same_bits(got, serial)) << got << " vs " << serial;
  }
}

TEST_P(PatternTest, MapReduceGivesEveryRankTheResult) {
  EXPECT_NO_THROW(run(GetParam(), [](Comm& c) {
    long v = map_reduce(
        c, 100, [](std::size_t i) { return static_cast<long>(i); }, 0L, std::plus<>());
    if (v != 4950) throw std::runtime_error("wrong sum on rank " + std::to_string(c.rank()));
  }));
}

TEST_P(PatternTest, MapResultsLiveOnRankZeroOnly) {
  auto sizes = run(GetParam(), [](Comm& c) {
    auto out = map(c, 10, [](std::size_t i) { return static_cast<int>(i); });
    return c.gather(out.size());
  });
  EXPECT_EQ(sizes[0], 10u);
  for (std::size_t r = 1; r < sizes.size(); ++r) EXPECT_EQ(sizes[r], 0u);
}

TEST_P(PatternTest, ConsecutiveDynamicRoundsShareTheCounterCorrectly) {
  auto ok = run(GetParam(), [](Comm& c) {
    bool good = true;
    for (std::size_t n : {5u, 100u, 3u, 0u, 77u}) {
      for (std::size_t cs : {1u, 2u, 10u}) {
        auto out = map(c, n, [](std::size_t i) { return static_cast<int>(i) + 1; },
                       {Schedule::dynamic, cs});
        if (c.rank() == 0)
          for (std::size_t i = 0; i < n; ++i) good = good && out[i] == static_cast<int>(i) + 1;
      }
    }
    return good;
  });
  EXPECT_TRUE(ok);
}

TEST_P(PatternTest, ImapUnorderedDeliversEveryTaskOnce) {
  for (auto o : all_schedules()) {
    std::vector<int> seen(500, 0);
    imap_unordered(
        GetParam(), 500, [](std::size_t i) { return static_cast<double>(i) / 2; },
        [&](std::size_t i, double v) {
          ASSERT_LT(i, seen.size());
          EXPECT_EQ(v, static_cast<double>(i) / 2);
          ++seen[i];
        },
        o);
    if (reporting_rank()) {
      for (int s : seen) ASSERT_EQ(s, 1);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Teams, PatternTest, testing::ValuesIn(sweep_teams()), team_name);
