#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "parkit/errors.hpp"
#include "parkit/report/amdahl.hpp"
#include "parkit/report/scaling.hpp"

using namespace parkit::report;

TEST(Scaling, SpeedupAndEfficiencyByHand) {
  EXPECT_DOUBLE_EQ(speedup(10.0, 2.5), 4.0);
  EXPECT_DOUBLE_EQ(efficiency(4.0, 8), 0.5);
  EXPECT_DOUBLE_EQ(efficiency(speedup(6.0, 3.0), 2), 1.0);
}

TEST(Scaling, EachRowComparesWithItsWorkloadsBaseline) {
  std::vector<Measurement> ms{{"a", "serial", 1, 8.0, "x", true},
                              {"a", "threads", 2, 4.0, "x", false},
                              {"a", "processes", 2, 5.0, "y", false},
                              {"b", "serial", 1, 3.0, "z", true},
                              {"b", "threads", 4, 1.0, "z", false}};
  auto rows = against_baseline(ms);
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_DOUBLE_EQ(rows[0].speedup, 1.0);
  EXPECT_DOUBLE_EQ(rows[1].speedup, 2.0);
  EXPECT_DOUBLE_EQ(rows[1].efficiency, 1.0);
  EXPECT_DOUBLE_EQ(rows[2].speedup, 1.6);
  EXPECT_FALSE(rows[2].same_result);
  EXPECT_TRUE(rows[1].same_result);
  EXPECT_DOUBLE_EQ(rows[4].speedup, 3.0);  // against b's serial, not a's
  EXPECT_DOUBLE_EQ(rows[4].efficiency, 0.75);
  auto text = scaling_table(rows).str();
  EXPECT_NE(text.find("2.00x"), std::string::npos);
  EXPECT_NE(text.find("75%"), std::string::npos);
  EXPECT_NE(text.find("DIFFERS"), std::string::npos);
}

TEST(Scaling, NeedsABaselineFirst) {
  EXPECT_THROW(against_baseline({{"a", "threads", 2, 1.0, "x", false}}), std::invalid_argument);
}

// ---- Amdahl's law, Karp-Flatt and the fit (issue 15), against values worked by hand.

TEST(Amdahl, TimeSpeedupEfficiencyAndTheLimit) {
  Amdahl m{10, 90};
  EXPECT_DOUBLE_EQ(m.time(1), 100);
  EXPECT_DOUBLE_EQ(m.time(4), 32.5);
  EXPECT_DOUBLE_EQ(m.speedup(4), 100 / 32.5);
  EXPECT_DOUBLE_EQ(m.efficiency(2), (100 / 55.0) / 2);
  EXPECT_DOUBLE_EQ(m.asymptotic_speedup(), 10);
  EXPECT_DOUBLE_EQ(m.serial_fraction(), 0.1);
  EXPECT_TRUE(std::isinf(Amdahl{0, 5}.asymptotic_speedup()));
}

TEST(Amdahl, KarpFlattOfPerfectFullySerialAndInBetween) {
  EXPECT_DOUBLE_EQ(karp_flatt(8.0, 8), 0.0);   // perfectly parallel
  EXPECT_DOUBLE_EQ(karp_flatt(1.0, 8), 1.0);   // nothing gained
  EXPECT_DOUBLE_EQ(karp_flatt(1.6, 2), 0.25);  // (1/1.6 - 1/2) / (1 - 1/2)
  // Amdahl's own speedups give back its serial fraction at every p.
  Amdahl m{1, 9};
  for (int p : {2, 3, 16}) EXPECT_NEAR(karp_flatt(m.speedup(p), p), 0.1, 1e-12) << p;
  EXPECT_TRUE(std::isnan(karp_flatt(1.0, 1)));
}

TEST(Amdahl, TheFitRecoversSAndP) {
  std::vector<TimedPoint> pts;
  for (int w : {1, 2, 4, 8}) pts.push_back({w, 2.0 + 8.0 / w});
  auto m = fit_amdahl(pts);
  EXPECT_NEAR(m.serial, 2.0, 1e-12);
  EXPECT_NEAR(m.parallel, 8.0, 1e-12);

  auto parallel = fit_amdahl({{1, 6.0}, {2, 3.0}, {3, 2.0}});  // perfectly parallel
  EXPECT_NEAR(parallel.serial, 0.0, 1e-12);
  EXPECT_NEAR(parallel.parallel, 6.0, 1e-12);
  auto serial = fit_amdahl({{1, 5.0}, {2, 5.0}, {4, 5.0}});  // fully serial
  EXPECT_NEAR(serial.serial, 5.0, 1e-12);
  EXPECT_NEAR(serial.parallel, 0.0, 1e-12);
  // Least squares, not interpolation: noise around T = 1 + 1/w averages out.
  auto noisy = fit_amdahl({{1, 2.1}, {1, 1.9}, {2, 1.6}, {2, 1.4}});
  EXPECT_NEAR(noisy.serial, 1.0, 1e-12);
  EXPECT_NEAR(noisy.parallel, 1.0, 1e-12);

  EXPECT_THROW(fit_amdahl({{2, 1.0}, {2, 1.1}}), std::invalid_argument);
  EXPECT_THROW(fit_amdahl({{1, 1.0}}), std::invalid_argument);
}

TEST(Amdahl, SerialFractionAWantedSpeedupAllows) {
  EXPECT_DOUBLE_EQ(serial_fraction_for(100), 0.01);  // the tutorial: at most 1 %
  EXPECT_DOUBLE_EQ(serial_fraction_for(100, 200), 1.0 / 199);
  // That fraction gives exactly the wanted speedup.
  double f = serial_fraction_for(10, 16);
  EXPECT_NEAR((Amdahl{f, 1 - f}.speedup(16)), 10.0, 1e-12);
  EXPECT_LT(serial_fraction_for(50, 20), 0);  // more than the workers: impossible
}

TEST(Amdahl, BadModelsAreUsageErrors) {
  EXPECT_THROW(make_amdahl(-1, 1), parkit::UsageError);
  EXPECT_THROW(make_amdahl(1, 0), parkit::UsageError);
  EXPECT_THROW(make_amdahl(std::nan(""), 1), parkit::UsageError);
  EXPECT_NO_THROW(make_amdahl(0, 1));
}
