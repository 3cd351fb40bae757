#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "parkit/errors.hpp"
#include "parkit/report/amdahl.hpp"
#include "parkit/report/scale.hpp"

using namespace parkit::report;

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

// ---- The scaling harness's analysis (parkit scale).

TEST(Scale, MedianOfOddAndEvenCounts) {
  EXPECT_DOUBLE_EQ(median({3, 1, 2}), 2);
  EXPECT_DOUBLE_EQ(median({4, 1, 3, 2}), 2.5);
  EXPECT_THROW(median({}), std::invalid_argument);
}

TEST(Scale, PointsAgainstSerialAndTheFitPerBackend) {
  // threads follow T(w) = 1 + 8/w exactly (serial: 9 s); processes are perfectly parallel.
  std::vector<ScalePoint> pts{
      {"serial", 1, {9.5, 9.0, 9.2}, "r"},  {"threads", 2, {5.0, 5.5, 5.1}, "r"},
      {"threads", 4, {3.0, 3.4, 3.2}, "r"}, {"processes", 2, {4.5}, "r"},
      {"processes", 4, {2.25}, "other"},    {"threads", 8, {1.0}, "r"}};  // 9x on 8: flagged
  auto r = analyse_scaling("w", pts);
  ASSERT_EQ(r.rows.size(), 6u);
  EXPECT_DOUBLE_EQ(r.rows[0].min, 9.0);
  EXPECT_DOUBLE_EQ(r.rows[0].median, 9.2);
  EXPECT_DOUBLE_EQ(r.rows[1].speedup, 9.0 / 5.0);  // from minimum times
  EXPECT_DOUBLE_EQ(r.rows[1].efficiency, 0.9);
  EXPECT_DOUBLE_EQ(r.rows[1].karp_flatt, (5.0 / 9.0 - 0.5) / 0.5);
  EXPECT_TRUE(std::isnan(r.rows[0].karp_flatt));
  EXPECT_DOUBLE_EQ(r.rows[3].karp_flatt, 0.0);  // perfectly parallel
  EXPECT_FALSE(r.rows[4].same_result);
  EXPECT_TRUE(r.rows[3].same_result);
  EXPECT_TRUE(r.rows[5].beyond_workers);
  EXPECT_FALSE(r.rows[2].beyond_workers);
  ASSERT_EQ(r.fits.size(), 2u);
  EXPECT_EQ(r.fits[1].backend, "processes");
  EXPECT_NEAR(r.fits[1].model.serial, 0.0, 1e-12);
  EXPECT_NEAR(r.fits[1].model.parallel, 9.0, 1e-12);
  auto t = scale_table(r).str();
  EXPECT_NE(t.find("9.00x (noise?)"), std::string::npos);
  EXPECT_NE(t.find("DIFFERS"), std::string::npos);

  EXPECT_THROW(analyse_scaling("w", {{"threads", 2, {1.0}, ""}}), std::invalid_argument);
  EXPECT_THROW(analyse_scaling("w", {{"serial", 1, {}, ""}}), std::invalid_argument);
}

TEST(Scale, TheFitRecoversAmdahlFromExactTimes) {
  std::vector<ScalePoint> pts{{"serial", 1, {10.0}, ""}};
  for (int w : {2, 4, 8}) pts.push_back({"threads", w, {2.0 + 8.0 / w}, ""});
  auto r = analyse_scaling("w", pts);
  ASSERT_EQ(r.fits.size(), 1u);
  EXPECT_NEAR(r.fits[0].model.serial, 2.0, 1e-12);
  EXPECT_NEAR(r.fits[0].model.parallel, 8.0, 1e-12);
  EXPECT_NEAR(r.fits[0].model.asymptotic_speedup(), 5.0, 1e-12);
}

TEST(Scale, CsvAndJsonHaveTheDocumentedFields) {
  auto r = analyse_scaling("a, b", {{"serial", 1, {2.0, 3.0}, ""}, {"threads", 2, {1.0}, ""}});
  auto csv = scale_csv(r);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "workload,backend,workers,repeats,min_s,median_s,speedup,efficiency,karp_flatt,"
            "same_result,beyond_workers");
  EXPECT_NE(csv.find("\"a, b\",serial,1,2,2,2.5,1,1,,1,0\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\"a, b\",threads,2,1,1,1,2,1,0,1,0\n"), std::string::npos) << csv;
  auto doc = nlohmann::json::parse(scale_json(r, {2, "cpu", "9.9.9"}));
  EXPECT_EQ(doc["machine"]["cores"], 2);
  EXPECT_EQ(doc["machine"]["parkit_version"], "9.9.9");
  EXPECT_EQ(doc["workload"], "a, b");
  ASSERT_EQ(doc["points"].size(), 2u);
  EXPECT_EQ(doc["points"][0]["seconds"], nlohmann::json::array({2.0, 3.0}));
  EXPECT_TRUE(doc["points"][0]["karp_flatt"].is_null());
  EXPECT_DOUBLE_EQ(doc["points"][1]["speedup"].get<double>(), 2.0);
  ASSERT_EQ(doc["fits"].size(), 1u);
  EXPECT_TRUE(doc["fits"][0]["asymptotic_speedup"].is_null());  // perfectly parallel: S = 0
}
