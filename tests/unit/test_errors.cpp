#include <gtest/gtest.h>
#include <signal.h>

#include "parkit/errors.hpp"

using namespace parkit;

TEST(Errors, TaskErrorNamesTaskRankAndMessage) {
  TaskError e(17, 2, "boom");
  EXPECT_STREQ(e.what(), "task 17 on rank 2 failed: boom");
  EXPECT_EQ(e.task(), 17u);
  EXPECT_EQ(e.rank(), 2);
  EXPECT_EQ(e.message(), "boom");
  TaskError r(std::nullopt, 1, "bad");
  EXPECT_STREQ(r.what(), "rank 1 failed: bad");
}

TEST(Errors, WorkerCrashedNamesSignalOrExitCode) {
  WorkerCrashed s(1, 1234, SIGKILL, 0, 5);
  EXPECT_STREQ(s.what(),
               "worker rank 1 (pid 1234) was killed by signal 9 (Killed) while running task 5");
  WorkerCrashed x(2, 99, 0, 3, std::nullopt);
  EXPECT_STREQ(x.what(), "worker rank 2 (pid 99) exited with code 3 while holding no task");
  EXPECT_EQ(x.exit_code(), 3);
}
