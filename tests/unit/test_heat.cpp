// The tutorials' PDE by domain decomposition (issue 10): every split, on every backend (and, in
// the MPI test binary, at every -np), equals one subdomain bit for bit; so does the tutorial's
// "two halves in one process" scheme.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <numbers>

#include "parkit/errors.hpp"
#include "parkit/workloads/heat.hpp"
#include "team_params.hpp"

using namespace parkit;
using namespace parkit::workloads;

namespace {

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

#ifndef PARKIT_TEST_MPI
// The tutorial's first parallel version, in one process: the interior split into two halves,
// each with its own array and a halo value copied from the other half every step.
std::vector<double> two_halves(const HeatSetup& s) {
  const double pi = std::numbers::pi;
  std::size_t interior = s.points - 2, m1 = (interior + 1) / 2, m2 = interior - m1;
  std::vector<double> a(m1 + 2, 0), b(m2 + 2, 0), na(m1 + 2, 0), nb(m2 + 2, 0);
  for (std::size_t k = 1; k <= m1; ++k) {
    double x = heat_x(s, k);
    a[k] = x * (pi - x) / (pi * pi / 4);
  }
  for (std::size_t k = 1; k <= m2; ++k) {
    double x = heat_x(s, m1 + k);
    b[k] = x * (pi - x) / (pi * pi / 4);
  }
  const double h2 = s.h * s.h;
  for (std::size_t step = 0; step < s.steps; ++step) {
    a[m1 + 1] = b[1];
    b[0] = a[m1];
    for (std::size_t k = 1; k <= m1; ++k)
      na[k] = a[k] + s.dt * ((a[k - 1] - 2 * a[k] + a[k + 1]) / h2 + a[k]);
    for (std::size_t k = 1; k <= m2; ++k)
      nb[k] = b[k] + s.dt * ((b[k - 1] - 2 * b[k] + b[k + 1]) / h2 + b[k]);
    std::swap(a, na);
    std::swap(b, nb);
  }
  std::vector<double> f{0.0};
  f.insert(f.end(), a.begin() + 1, a.begin() + 1 + static_cast<std::ptrdiff_t>(m1));
  f.insert(f.end(), b.begin() + 1, b.begin() + 1 + static_cast<std::ptrdiff_t>(m2));
  f.push_back(0.0);
  return f;
}
#endif

class HeatTest : public testing::TestWithParam<Team> {};

}  // namespace

TEST_P(HeatTest, EverySplitEqualsOneSubdomainBitForBit) {
  for (auto [points, steps] :
       {std::pair<std::size_t, std::size_t>{51, 3166}, {1001, 300}, {7, 40}}) {
    const Team& team = GetParam();
    if (static_cast<std::size_t>(team.workers) > points - 2) continue;
    auto s = heat_setup(points, steps, team.workers);
    auto one = heat_solve(make_team(Backend::serial, 1), s);
    auto f = heat_solve(team, s);
    if (reporting_rank()) {
      ASSERT_EQ(f.size(), points);
      EXPECT_TRUE(same_bits(f, one)) << points << " points";
    }
  }
}

TEST_P(HeatTest, DeeperHalosGiveTheSameBits) {
  const Team& team = GetParam();
  // 9999 interior points cross several 2048-point tiles; 301 steps are no multiple of K.
  for (std::size_t points : {std::size_t{10001}, std::size_t{41}}) {
    auto one = heat_solve(make_team(Backend::serial, 1), heat_setup(points, 301, 1));
    for (std::size_t k : {2, 5, 13}) {
      if (k > (points - 2) / static_cast<std::size_t>(team.workers)) continue;
      auto f = heat_solve(team, heat_setup(points, 301, team.workers, k));
      if (reporting_rank()) {
        EXPECT_TRUE(same_bits(f, one)) << points << " points, halo " << k;
      }
    }
  }
}

TEST_P(HeatTest, Every2DLayoutEqualsOneRankBitForBit) {
  const Team& team = GetParam();
  auto s = heat2d_setup(21, 300, team.workers);
  auto one = heat2d_solve(make_team(Backend::serial, 1), s);
  // Auto (most nearly square), all across, all down.
  for (int px : {0, team.workers, 1}) {
    auto f = heat2d_solve(team, s, px);
    if (reporting_rank()) {
      EXPECT_TRUE(same_bits(f, one)) << "px " << px;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Teams, HeatTest, testing::ValuesIn(sweep_teams()), team_name);

#ifndef PARKIT_TEST_MPI
TEST(Heat, TheTutorialsTwoHalvesInOneProcessAgree) {
  for (std::size_t points : {51, 52 + 1, 1001}) {
    auto s = heat_setup(points, 500, 2);
    auto f = heat_solve(make_team(Backend::threads, 2), s);
    EXPECT_TRUE(same_bits(f, two_halves(s))) << points;
    EXPECT_TRUE(same_bits(f, heat_solve(make_team(Backend::serial, 1), s))) << points;
  }
}

TEST(Heat, RelaxesToSinX) {
  // The guess is not sin x (error 0.06 after 10 steps); by t = 5 every other mode has decayed,
  // and the grid's sin x is an exact eigenvector of the stencil: what is left is rounding.
  auto s = heat_setup(51, std::nullopt, 1);
  EXPECT_EQ(s.steps, 3166u);  // the tutorial's int(5 / dt)
  EXPECT_LT(heat_error(heat_solve(make_team(Backend::serial, 1), s), s).max_error, 1e-12);
  auto early = heat_setup(51, 10, 1);
  EXPECT_GT(heat_error(heat_solve(make_team(Backend::serial, 1), early), early).max_error, 1e-2);
}

TEST(Heat, TwoByTwoRanksAndTinyBlocks) {
  for (Backend b : {Backend::threads, Backend::processes}) {
    // 2 x 2 ranks; 5 interior points a side split 3 + 2; and 3 x 2 on the smallest grid that
    // takes it (blocks one point wide).
    for (auto [points, ranks] : {std::pair<std::size_t, int>{21, 4}, {7, 4}, {5, 6}}) {
      auto s = heat2d_setup(points, 50, ranks);
      EXPECT_TRUE(same_bits(heat2d_solve(make_team(b, ranks), s),
                            heat2d_solve(make_team(Backend::serial, 1), s)))
          << to_string(b) << " " << points << " " << ranks;
    }
  }
}

TEST(Heat, TwoDRelaxesToTheFirstMode) {
  auto s = heat2d_setup(31, std::nullopt, 1);
  EXPECT_LT(heat2d_error(heat2d_solve(make_team(Backend::serial, 1), s), s).max_error, 1e-12);
  auto early = heat2d_setup(31, 10, 1);
  EXPECT_GT(heat2d_error(heat2d_solve(make_team(Backend::serial, 1), early), early).max_error,
            1e-3);
  EXPECT_THROW(heat2d_setup(30, std::nullopt, 1), UsageError);
  EXPECT_THROW(heat2d_setup(5, std::nullopt, 16), UsageError);  // 4 x 4 ranks, 3 points a side
}

TEST(Heat, BadGridsAreUsageErrors) {
  EXPECT_THROW(heat_setup(50, std::nullopt, 1), UsageError);
  EXPECT_THROW(heat_setup(1, std::nullopt, 1), UsageError);
  EXPECT_THROW(heat_setup(0, std::nullopt, 1), UsageError);
  EXPECT_THROW(heat_setup(7, std::nullopt, 6), UsageError);  // 5 interior points
  EXPECT_NO_THROW(heat_setup(7, std::nullopt, 5));
  EXPECT_THROW(heat_setup(51, std::nullopt, 0), UsageError);
  EXPECT_THROW(heat_setup(51, std::nullopt, 1, 0), UsageError);   // halo 0
  EXPECT_THROW(heat_setup(51, std::nullopt, 4, 13), UsageError);  // 49 points in 4: 12 smallest
  EXPECT_NO_THROW(heat_setup(51, std::nullopt, 4, 12));
}
#endif
