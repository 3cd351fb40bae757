#include <gtest/gtest.h>

#include "parkit/errors.hpp"
#include "parkit/team.hpp"

using namespace parkit;

TEST(Team, ParsesBackendNames) {
  EXPECT_EQ(parse_backend("threads"), Backend::threads);
  EXPECT_EQ(parse_backend("processes"), Backend::processes);
  EXPECT_EQ(to_string(Backend::serial), "serial");
  EXPECT_THROW(parse_backend("gpu"), UsageError);
}

TEST(Team, ValidatesWorkers) {
  EXPECT_THROW(make_team(Backend::threads, 0), UsageError);
  EXPECT_THROW(make_team(Backend::threads, max_workers + 1), UsageError);
  EXPECT_EQ(make_team(Backend::serial, 8).workers, 1);
  EXPECT_EQ(make_team(Backend::processes, 3).workers, 3);
  EXPECT_GE(hardware_workers(), 1);
}

TEST(Team, MpiWithoutMpiIsAUsageError) {
  if (mpi_available()) GTEST_SKIP() << "this build has MPI";
  EXPECT_THROW(make_team(Backend::mpi, 2), UsageError);
}
