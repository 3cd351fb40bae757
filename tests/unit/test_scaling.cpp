#include <gtest/gtest.h>

#include <stdexcept>

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
