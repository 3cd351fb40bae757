// The real runners: with_runner puts a pipeline's jobs on the pool that with_pool picks for a
// team, and turns each job's outcome into the builder's Done.
#include <gtest/gtest.h>
#include <unistd.h>

#include <map>
#include <stdexcept>

#include "parkit/pipeline/actions.hpp"
#include "parkit/pipeline/runners.hpp"

using namespace parkit;
using namespace parkit::pipeline;

namespace {

void pid_action(const std::vector<std::string>& a) {
  if (a.at(0) == "fail") throw std::runtime_error("job says no");
  if (a.at(0) == "die") {
    ::usleep(100'000);  // the other worker holds its job by then
    ::_exit(7);
  }
  if (a.at(0) == "slow") ::usleep(300'000);
}

struct Case {
  Team team;
  int jobs;
  std::size_t capacity;
};

class RunnerTest : public testing::TestWithParam<Case> {};

}  // namespace

TEST_P(RunnerTest, RunsEveryJobOnceAndNamesFailures) {
  register_action("test_runner_job", &pid_action);
  const auto& c = GetParam();
  std::map<std::size_t, std::string> outcome;
  bool called = false;
  with_runner(c.team, c.jobs, [&](Runner& r) {
    called = true;
    EXPECT_EQ(r.capacity(), c.capacity);
    for (std::size_t id = 0; id < 7; ++id)
      r.start(id, Job{"job " + std::to_string(id),
                      "test_runner_job",
                      {id == 4 ? "fail" : "ok"},
                      {},
                      {},
                      "",
                      ""});
    for (int k = 0; k < 7; ++k) {
      auto d = r.wait();
      EXPECT_TRUE(outcome.emplace(d.id, d.error).second) << "job " << d.id << " finished twice";
    }
  });
  EXPECT_TRUE(called);
  ASSERT_EQ(outcome.size(), 7u);
  for (auto& [id, error] : outcome) EXPECT_EQ(error, id == 4 ? "job says no" : "") << id;
}

TEST(Runner, AnUnknownActionIsAFailedJobNotACrash) {
  with_runner(make_team(Backend::processes, 2), 2, [&](Runner& r) {
    r.start(0, Job{"mystery", "no_such_action", {}, {}, {}, "", ""});
    auto d = r.wait();
    EXPECT_EQ(d.id, 0u);
    EXPECT_NE(d.error.find("unknown action 'no_such_action'"), std::string::npos) << d.error;
  });
}

// One dead worker breaks the pool and every job it held or queued, but is one failure: the job
// it was running names it, the others say it was reported already (issue 9).
TEST(Runner, ADeadWorkerIsOneFailedJobTheOthersAreStopped) {
  register_action("test_runner_job", &pid_action);
  with_runner(make_team(Backend::processes, 2), 2, [&](Runner& r) {
    r.start(0, Job{"slow one", "test_runner_job", {"slow"}, {}, {}, "", ""});
    r.start(1, Job{"dying", "test_runner_job", {"die"}, {}, {}, "", ""});
    r.start(2, Job{"queued", "test_runner_job", {"ok"}, {}, {}, "", ""});
    std::vector<Runner::Done> done;
    for (int k = 0; k < 3; ++k) done.push_back(r.wait());
    ASSERT_EQ(done[0].id, 1u) << "the dead worker's job is reported first";
    EXPECT_FALSE(done[0].already_reported);
    EXPECT_NE(done[0].error.find("exited with code 7"), std::string::npos) << done[0].error;
    for (int k = 1; k < 3; ++k) {
      EXPECT_TRUE(done[k].already_reported) << done[k].id;
      EXPECT_EQ(done[k].error, done[0].error);
    }
  });
}

INSTANTIATE_TEST_SUITE_P(Teams, RunnerTest,
                         testing::Values(Case{make_team(Backend::serial, 1), 4, 1},
                                         Case{make_team(Backend::threads, 3), 3, 3},
                                         Case{make_team(Backend::processes, 2), 2, 2}),
                         [](const auto& p) {
                           return std::string(to_string(p.param.team.backend));
                         });
