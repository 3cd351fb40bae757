// TeamPool on every team (threads, processes; and under mpirun, MPI ranks): rank 0 hands tasks
// to the others. Each test returns what rank 0 saw, which run() brings back to the caller.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <numeric>
#include <string>

#include "parkit/errors.hpp"
#include "parkit/run.hpp"
#include "parkit/team_pool.hpp"
#include "team_params.hpp"

using namespace parkit;

namespace {

class TeamPoolTest : public testing::TestWithParam<Team> {};

long cube(long x) { return x * x * x; }
std::string repeat(std::string s, int n) {
  std::string out;
  for (int k = 0; k < n; ++k) out += s;
  return out;
}

std::vector<int> upto(int n) {
  std::vector<int> v(static_cast<std::size_t>(n));
  std::iota(v.begin(), v.end(), 0);
  return v;
}

}  // namespace

TEST_P(TeamPoolTest, MapAndStarmapGiveTheSerialResultsInOrder) {
  auto got = run(GetParam(), [](Comm& c) {
    return with_team_pool(c, [](TeamPool& pool) {
      std::vector<long> out;
      for (std::size_t cs : {0u, 1u, 7u, 1000u}) {
        auto sq = pool.map([](int x) { return static_cast<long>(x) * x; }, upto(100), cs);
        out.insert(out.end(), sq.begin(), sq.end());
      }
      auto cubes = pool.map(&cube, std::vector<long>{1, 2, 3});
      out.insert(out.end(), cubes.begin(), cubes.end());
      auto words =
          pool.starmap(&repeat, std::vector<std::tuple<std::string, int>>{{"ab", 2}, {"c", 3}});
      out.push_back(words == std::vector<std::string>{"abab", "ccc"});
      return out;
    });
  });
  std::vector<long> expect;
  for (int k = 0; k < 4; ++k)
    for (long x = 0; x < 100; ++x) expect.push_back(x * x);
  for (long x : {1L, 8L, 27L, 1L}) expect.push_back(x);
  EXPECT_EQ(got, expect);
}

TEST_P(TeamPoolTest, ImapKeepsOrderAndImapUnorderedDeliversEachOnce) {
  auto got = run(GetParam(), [](Comm& c) {
    return with_team_pool(c, [](TeamPool& pool) {
      std::vector<int> ordered, unordered;
      for (int v : pool.imap([](int x) { return x + 1; }, upto(50), 3)) ordered.push_back(v);
      for (int v : pool.imap_unordered([](int x) { return x + 1; }, upto(50)))
        unordered.push_back(v);
      std::sort(unordered.begin(), unordered.end());
      return std::vector<std::vector<int>>{ordered, unordered};
    });
  });
  std::vector<int> expect(50);
  std::iota(expect.begin(), expect.end(), 1);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0], expect);
  EXPECT_EQ(got[1], expect);
}

TEST_P(TeamPoolTest, SubmitReturnsFutures) {
  auto got = run(GetParam(), [](Comm& c) {
    return with_team_pool(c, [](TeamPool& pool) {
      std::vector<std::future<long>> fs;
      for (long x = 0; x < 20; ++x) fs.push_back(pool.submit(&cube, x));
      long sum = 0;
      for (auto& f : fs) sum += f.get();
      return sum;
    });
  });
  EXPECT_EQ(got, 36100);  // (0 + 1 + ... + 19)^2
}

TEST_P(TeamPoolTest, AFailingTaskIsATaskErrorNamingItAndThePoolGoesOn) {
  auto got = run(GetParam(), [](Comm& c) {
    return with_team_pool(c, [](TeamPool& pool) {
      std::string seen;
      try {
        pool.map(
            [](int x) {
              if (x == 13) throw std::runtime_error("unlucky");
              return x;
            },
            upto(40), 1);
      } catch (const TaskError& e) {
        seen = std::to_string(e.task().value_or(999)) + " " + e.message();
      }
      auto after = pool.map([](int x) { return x; }, upto(5));
      return seen + " then " + std::to_string(after.size());
    });
  });
  EXPECT_EQ(got, "13 unlucky then 5");
}

TEST_P(TeamPoolTest, ARankThatDiesFailsTheCallInsteadOfHanging) {
  if (GetParam().backend != Backend::processes || GetParam().workers < 2)
    GTEST_SKIP() << "needs worker processes that can die";
  EXPECT_THROW(run(GetParam(),
                   [](Comm& c) {
                     with_team_pool(c, [](TeamPool& pool) {
                       pool.map(
                           [](int x) {
                             if (x == 3) std::_Exit(7);
                             return x;
                           },
                           upto(8), 1);
                     });
                   }),
               WorkerCrashed);
}

INSTANTIATE_TEST_SUITE_P(Teams, TeamPoolTest, testing::ValuesIn(sweep_teams()), team_name);
