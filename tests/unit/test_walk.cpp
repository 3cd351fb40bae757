// The random walk (issue 11): the documented rule, the SIMD kernel against the scalar one, the
// plan, bitwise reproducibility on every backend and schedule, and the statistics against a long
// reference run stored as test data (scripts/make-walk-reference.sh).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "parkit/errors.hpp"
#include "parkit/random.hpp"
#include "parkit/workloads/random_walk.hpp"

using namespace parkit;
using namespace parkit::workloads;

namespace {

// The rule of random_walk.hpp, in long double (its 64-bit mantissa holds these sums exactly).
std::uint64_t walk_by_the_rule(std::uint64_t seed, std::uint32_t y, std::uint32_t sample) {
  RandomStream rng(seed, walk_stream(y, sample));
  long double pos = 0;
  for (std::uint64_t k = 0;; ++k) {
    auto w = rng.block(k / 4)[k % 4];
    pos += (2.0L * static_cast<std::int32_t>(w) + 1) * 0x1p-32L;
    if (std::fabs(pos) >= y) return k + 1;
  }
}

std::vector<std::uint64_t> crossings(std::uint32_t y, std::uint32_t first, std::uint32_t count,
                                     bool simd) {
  std::vector<std::uint64_t> v(count, 0);
  first_crossings(3, y, first, count, v.data(), simd);
  return v;
}

}  // namespace

TEST(Walk, StepsFollowTheDocumentedRule) {
  auto v = crossings(4, 10, 20, true);
  for (std::uint32_t k = 0; k < 20; ++k) EXPECT_EQ(v[k], walk_by_the_rule(3, 4, 10 + k)) << k;
  EXPECT_EQ(crossings(1, 0, 1, false)[0], walk_by_the_rule(3, 1, 0));
}

TEST(Walk, TheSimdKernelCountsWhatTheScalarOneCounts) {
  // Fewer samples than lanes, exactly the lanes, one more, and many (lanes refilled).
  for (std::uint32_t count : {1u, 7u, 8u, 9u, 100u})
    for (std::uint32_t y : {1u, 5u, 30u})
      EXPECT_EQ(crossings(y, 17, count, true), crossings(y, 17, count, false)) << count << " " << y;
}

TEST(Walk, ThePlanHasEverySampleOnceCostliestFirst) {
  std::vector<std::uint32_t> ys = {10, 150, 40, 40};
  for (auto schedule : {WalkSchedule::per_y, WalkSchedule::balanced})
    for (int workers : {1, 2, 16}) {
      auto plan = plan_walk(ys, 300, 9, schedule, workers);
      std::vector<std::vector<int>> seen(ys.size(), std::vector<int>(300, 0));
      for (const auto& c : plan) {
        ASSERT_LT(c.y_index, ys.size());
        EXPECT_EQ(c.y, ys[c.y_index]);
        for (std::uint32_t s = c.first; s < c.first + c.count; ++s) ++seen.at(c.y_index).at(s);
      }
      for (const auto& row : seen)
        for (int n : row) ASSERT_EQ(n, 1);
      if (schedule == WalkSchedule::per_y) {
        EXPECT_EQ(plan.size(), ys.size());
      } else {
        EXPECT_GT(plan.size(), ys.size());
        for (std::size_t k = 1; k < plan.size(); ++k)
          EXPECT_GE(double(plan[k - 1].y) * plan[k - 1].y * plan[k - 1].count,
                    double(plan[k].y) * plan[k].y * plan[k].count);
      }
    }
}

TEST(Walk, TheSameBitsOnEveryBackendWorkerCountAndSchedule) {
  std::vector<std::uint32_t> ys = {3, 12, 7};
  auto one = random_walk(make_team(Backend::serial, 1), ys, 70, 5, WalkSchedule::per_y);
  ASSERT_EQ(one.rows.size(), 3u);
  for (Backend b : {Backend::serial, Backend::threads, Backend::processes})
    for (int w : {1, 2, 4})
      for (auto schedule : {WalkSchedule::per_y, WalkSchedule::balanced}) {
        if (b == Backend::serial && w > 1) continue;
        auto r = random_walk(make_team(b, w), ys, 70, 5, schedule);
        ASSERT_EQ(r.rows.size(), 3u);
        for (std::size_t i = 0; i < 3; ++i) {
          EXPECT_EQ(r.rows[i].y, ys[i]);
          EXPECT_EQ(std::memcmp(&r.rows[i].mean, &one.rows[i].mean, sizeof(double)), 0);
          EXPECT_EQ(std::memcmp(&r.rows[i].std_error, &one.rows[i].std_error, sizeof(double)), 0);
        }
      }
  EXPECT_NE(random_walk(make_team(Backend::serial, 1), ys, 70, 6, WalkSchedule::per_y).rows[1].mean,
            one.rows[1].mean);
}

TEST(Walk, BadListsAreUsageErrors) {
  auto t = make_team(Backend::serial, 1);
  EXPECT_THROW(random_walk(t, {}, 10, 1, WalkSchedule::balanced), UsageError);
  EXPECT_THROW(random_walk(t, {10, 0}, 10, 1, WalkSchedule::balanced), UsageError);
  EXPECT_THROW(random_walk(t, {kMaxWalkY + 1}, 10, 1, WalkSchedule::balanced), UsageError);
  EXPECT_THROW(random_walk(t, {10}, 0, 1, WalkSchedule::balanced), UsageError);
}

TEST(Walk, TheTutorialsBoundsOnOneTaskPerY) {
  std::vector<std::uint32_t> ys;
  for (std::uint32_t y = 10; y <= 150; y += 10) ys.push_back(y);
  // sum of k^2 for k = 1..15 over 15^2.
  EXPECT_NEAR(per_y_critical_path_bound(ys), 1240.0 / 225.0, 1e-12);
  EXPECT_NEAR(per_y_greedy_bound(ys, 1), 1.0, 1e-12);
  // Never above the worker count nor the critical path; the critical path with enough workers.
  for (int w : {2, 4, 8})
    EXPECT_LE(per_y_greedy_bound(ys, w), std::min<double>(w, per_y_critical_path_bound(ys)));
  EXPECT_NEAR(per_y_greedy_bound(ys, 15), per_y_critical_path_bound(ys), 1e-12);
}

// tests/data/walk_reference.csv: Y,mean,std_error from 10^5 walks per Y (another seed).
TEST(Walk, MeansAgreeWithTheLongReferenceRunAndItWithDiffusion) {
  std::ifstream in(std::string(PARKIT_TEST_DATA) + "/walk_reference.csv");
  ASSERT_TRUE(in) << "missing walk_reference.csv";
  std::string line;
  std::getline(in, line);
  ASSERT_EQ(line, "Y,mean,std_error");
  std::map<std::uint32_t, std::pair<double, double>> ref;
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::uint32_t y = 0;
    double mean = 0, se = 0;
    char c1 = 0, c2 = 0;
    ASSERT_TRUE(f >> y >> c1 >> mean >> c2 >> se) << line;
    ref[y] = {mean, se};
  }
  ASSERT_EQ(ref.size(), 15u);
  for (auto [y, m] : ref) {
    if (y >= 50) {
      EXPECT_NEAR(m.first, 3.0 * y * y, 0.02 * 3.0 * y * y) << y;
    }
  }
  std::vector<std::uint32_t> ys;
  for (auto& kv : ref) ys.push_back(kv.first);
  for (std::uint64_t seed : {1, 2}) {
    auto r = random_walk(make_team(Backend::threads, 2), ys, 400, seed, WalkSchedule::balanced);
    for (const auto& row : r.rows) {
      auto [mean, se] = ref.at(row.y);
      EXPECT_LT(std::abs(row.mean - mean), 4 * std::hypot(row.std_error, se)) << row.y;
    }
  }
}
