#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "parkit/workloads/integrate.hpp"
#include "team_params.hpp"

using namespace parkit;
using namespace parkit::workloads;

TEST(Integrate, VectorisedRowMatchesTheScalarLoop) {
  for (int n : {1, 2, 7, 100, 1001})
    for (int i : {0, n / 2, n - 1})
      EXPECT_NEAR(integrate_row(i, n), integrate_row_scalar(i, n), 1e-12 * n);
}

TEST(Integrate, ValueIsCloseToTheExactZero) {
  auto r = integrate(make_team(Backend::serial, 1), 2000);
  EXPECT_LT(std::abs(r.integral), 1e-10);
  EXPECT_EQ(r.error, std::abs(r.integral));
  // A coarse grid is far from zero only by rounding: the midpoint rule is exact by symmetry.
  auto coarse = integrate(make_team(Backend::serial, 1), 3);
  EXPECT_LT(std::abs(coarse.integral), 1e-12);
}

TEST(Integrate, HalfGridOfPositiveValuesChecksTheKernelIsNotTrivial) {
  // Sum of row 0 of a 4x4 grid: sin(h/2 + h(j + 1/2)) for j = 0..3, h = pi/4.
  double h = std::acos(-1.0) / 4, expect = 0;
  for (int j = 0; j < 4; ++j) expect += std::sin(h * 0.5 + h * (j + 0.5));
  EXPECT_NEAR(integrate_row(0, 4), expect, 1e-14);
}

class IntegrateTeams : public testing::TestWithParam<Team> {};

TEST_P(IntegrateTeams, EveryBackendGivesTheSerialBits) {
  double serial = integrate(make_team(Backend::serial, 1), 1500).integral;
  double got = integrate(GetParam(), 1500).integral;
  EXPECT_EQ(std::memcmp(&serial, &got, sizeof got), 0) << serial << " vs " << got;
}

INSTANTIATE_TEST_SUITE_P(Teams, IntegrateTeams, testing::ValuesIn(sweep_teams()), team_name);
