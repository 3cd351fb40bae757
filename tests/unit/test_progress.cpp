// The progress line's text (issue 11); whether it is drawn is tested end to end under a
// pseudo-terminal (tests/cli/test_cli.py, class Progress).
#include <gtest/gtest.h>

#include "parkit/progress.hpp"

using parkit::Progress;

TEST(Progress, TheLineSaysDoneTotalRateElapsedAndTimeLeft) {
  EXPECT_EQ(Progress::line("tasks", 25, 100, 5.0),
            "tasks 25/100 (25%), 5.0/s, elapsed 0:05, left 0:15");
  EXPECT_EQ(Progress::line("jobs", 1, 3, 3725.0),
            "jobs 1/3 (33%), 0.0/s, elapsed 1:02:05, left 2:04:10");
  // Nothing done yet: no rate, no estimate; all done: nothing left.
  EXPECT_EQ(Progress::line("tasks", 0, 10, 2.0), "tasks 0/10 (0%), 0.0/s, elapsed 0:02, left -");
  EXPECT_EQ(Progress::line("tasks", 10, 10, 2.0),
            "tasks 10/10 (100%), 5.0/s, elapsed 0:02, left -");
}

TEST(Progress, OffAfterSetEnabledFalse) {
  Progress::set_enabled(false);
  EXPECT_FALSE(Progress::enabled());
  Progress p("tasks", 10);  // never draws: advance and finish are no-ops
  p.advance(10);
  p.finish();
}
