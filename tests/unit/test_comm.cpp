// Every Comm operation on every transport at several team sizes. Ranks check their own results
// and throw on a mismatch (an EXPECT inside a forked child would be lost); the failure reaches
// the test through parkit::run as a TaskError naming the rank.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <set>
#include <stdexcept>
#include <string>

#include "parkit/run.hpp"
#include "team_params.hpp"

using namespace parkit;

namespace {

void require(bool ok, const std::string& what) {
  if (!ok) throw std::runtime_error("check failed: " + what);
}

struct Pod {
  int a;
  double b;
  bool operator==(const Pod&) const = default;
};

class CommTest : public testing::TestWithParam<Team> {};

}  // namespace

TEST_P(CommTest, RankAndSizeDescribeTheTeam) {
  auto ranks = run(GetParam(), [](Comm& c) {
    require(c.size() == GetParam().workers, "size");
    return c.gather(c.rank());
  });
  std::vector<int> expect(GetParam().workers);
  std::iota(expect.begin(), expect.end(), 0);
  EXPECT_EQ(ranks, expect);
}

TEST_P(CommTest, SendRecvRingOfValuesObjectsAndBuffers) {
  EXPECT_NO_THROW(run(GetParam(), [](Comm& c) {
    int p = c.size(), r = c.rank();
    int next = (r + 1) % p, prev = (r + p - 1) % p;
    c.send(r * 10, next, 1);
    c.send(Pod{r, r + 0.5}, next, 2);
    c.send(std::string(r + 1, 'x'), next, 3);
    std::vector<double> buf{1.0 * r, 2.0 * r, 3.0 * r};
    c.send(std::span<const double>(buf), next, 4);
    require(c.recv<int>(prev, 1) == prev * 10, "int");
    require(c.recv<Pod>(prev, 2) == Pod{prev, prev + 0.5}, "pod");
    require(c.recv<std::string>(prev, 3) == std::string(prev + 1, 'x'), "string");
    std::vector<double> in(3);
    c.recv(std::span<double>(in), prev, 4);
    require(in == std::vector<double>{1.0 * prev, 2.0 * prev, 3.0 * prev}, "buffer");
  }));
}

TEST_P(CommTest, AnySourceReportsWhoSent) {
  auto sources = run(GetParam(), [](Comm& c) {
    std::set<int> got;
    if (c.rank() == 0) {
      for (int k = 1; k < c.size(); ++k) {
        int src = -1;
        int v = c.recv<int>(any_source, 7, &src);
        require(v == src * 3, "payload matches its source");
        got.insert(src);
      }
    } else {
      c.send(c.rank() * 3, 0, 7);
    }
    return std::vector<int>(got.begin(), got.end());
  });
  std::vector<int> expect(GetParam().workers - 1);
  std::iota(expect.begin(), expect.end(), 1);
  EXPECT_EQ(sources, expect);
}

TEST_P(CommTest, TagsSelectMessagesAndKeepTheirOrder) {
  if (GetParam().workers < 2) GTEST_SKIP() << "needs two ranks";
  auto got = run(GetParam(), [](Comm& c) {
    std::string out;
    if (c.rank() == 1) {
      c.send(std::string("b"), 0, 2);
      c.send(std::string("a"), 0, 1);
      c.send(std::string("c"), 0, 1);
    } else if (c.rank() == 0) {
      out += c.recv<std::string>(1, 1);
      out += c.recv<std::string>(1, 1);
      out += c.recv<std::string>(1, 2);
    }
    return out;
  });
  EXPECT_EQ(got, "acb");
}

TEST_P(CommTest, BcastValueObjectAndBuffer) {
  EXPECT_NO_THROW(run(GetParam(), [](Comm& c) {
    int root = c.size() - 1;
    int v = c.rank() == root ? 42 : -1;
    c.bcast(v, root);
    require(v == 42, "value");
    std::vector<std::string> words;
    if (c.rank() == root) words = {"alpha", "beta"};
    c.bcast(words, root);
    require(words == std::vector<std::string>{"alpha", "beta"}, "object");
    std::vector<double> buf(4, c.rank() == root ? 1.5 : 0.0);
    c.bcast(std::span<double>(buf), root);
    require(buf == std::vector<double>(4, 1.5), "buffer");
  }));
}

TEST_P(CommTest, ScatterObjectAndBuffer) {
  EXPECT_NO_THROW(run(GetParam(), [](Comm& c) {
    std::vector<std::string> parts;
    std::vector<int> all;
    if (c.rank() == 0) {
      for (int r = 0; r < c.size(); ++r) {
        parts.push_back("part" + std::to_string(r));
        all.push_back(r * 100);
        all.push_back(r * 100 + 1);
      }
    }
    require(c.scatter(parts) == "part" + std::to_string(c.rank()), "object");
    std::vector<int> mine(2);
    c.scatter(std::span<const int>(all), std::span<int>(mine));
    require(mine == std::vector<int>{c.rank() * 100, c.rank() * 100 + 1}, "buffer");
  }));
}

TEST_P(CommTest, GatherObjectAndBuffer) {
  auto got = run(GetParam(), [](Comm& c) {
    auto names = c.gather(std::string(c.rank() + 1, 'a' + static_cast<char>(c.rank())));
    std::vector<double> mine{1.0 * c.rank(), -1.0 * c.rank()};
    std::vector<double> all(c.rank() == 0 ? 2 * c.size() : 0);
    c.gather(std::span<const double>(mine), std::span<double>(all));
    if (c.rank() != 0) require(names.empty(), "non-root gets nothing");
    return std::pair(names, all);
  });
  int p = GetParam().workers;
  ASSERT_EQ(got.first.size(), static_cast<std::size_t>(p));
  for (int r = 0; r < p; ++r) {
    EXPECT_EQ(got.first[r], std::string(r + 1, 'a' + static_cast<char>(r)));
    EXPECT_EQ(got.second[2 * r], r);
    EXPECT_EQ(got.second[2 * r + 1], -r);
  }
}

TEST_P(CommTest, ReduceAndAllreduceInRankOrder) {
  auto got = run(GetParam(), [](Comm& c) {
    auto sum = c.reduce(c.rank() + 1, std::plus<>());
    require(sum.has_value() == (c.rank() == 0), "reduce result only on root");
    // String concatenation is not commutative: it shows the rank order.
    std::string all = c.allreduce(std::to_string(c.rank()), std::plus<>());
    std::vector<int> in{c.rank(), 1}, out(2);
    c.allreduce(std::span<const int>(in), std::span<int>(out),
                [](int a, int b) { return std::max(a, b); });
    require(out == std::vector<int>{c.size() - 1, 1}, "buffer allreduce");
    int total = c.allreduce(c.rank(), std::plus<>());
    require(total == c.size() * (c.size() - 1) / 2, "value allreduce");
    // In place (MPI.IN_PLACE): every rank's buffer becomes the rank-order combination.
    std::vector<int> nums{c.rank() + 1, 10 * c.rank()};
    c.allreduce(std::span<int>(nums), std::plus<>());
    require(nums == std::vector<int>{c.size() * (c.size() + 1) / 2, 5 * c.size() * (c.size() - 1)},
            "in-place buffer allreduce");
    return std::pair(sum.value_or(-1), all);
  });
  int p = GetParam().workers;
  EXPECT_EQ(got.first, p * (p + 1) / 2);
  std::string expect;
  for (int r = 0; r < p; ++r) expect += std::to_string(r);
  EXPECT_EQ(got.second, expect);
}

TEST_P(CommTest, BarrierSeparatesPhases) {
  EXPECT_NO_THROW(run(GetParam(), [](Comm& c) {
    for (int phase = 1; phase <= 3; ++phase) {
      c.fetch_add(1);
      c.barrier();
      require(c.fetch_add(0) == phase * c.size(), "everyone arrived before anyone left");
      c.barrier();
    }
  }));
}

TEST_P(CommTest, SharedCounterHandsOutEveryValueOnce) {
  constexpr int claims = 2000;
  auto all = run(GetParam(), [](Comm& c) {
    std::vector<std::int64_t> mine;
    for (int k = 0; k < claims; ++k) mine.push_back(c.fetch_add(1));
    auto parts = c.gather(mine);
    std::vector<std::int64_t> flat;
    for (auto& p : parts) flat.insert(flat.end(), p.begin(), p.end());
    return flat;
  });
  std::sort(all.begin(), all.end());
  ASSERT_EQ(all.size(), static_cast<std::size_t>(claims * GetParam().workers));
  for (std::size_t i = 0; i < all.size(); ++i) ASSERT_EQ(all[i], static_cast<std::int64_t>(i));
}

TEST_P(CommTest, LargeMessagesSentBothWaysAtOnceDoNotDeadlock) {
  EXPECT_NO_THROW(run(GetParam(), [](Comm& c) {
    int p = c.size(), r = c.rank();
    int next = (r + 1) % p, prev = (r + p - 1) % p;
    std::vector<std::uint8_t> big(4 << 20, static_cast<std::uint8_t>(r));
    c.send(big, next, 0);  // every rank sends before anyone receives
    auto in = c.recv<std::vector<std::uint8_t>>(prev, 0);
    require(in.size() == big.size() && in.front() == prev && in.back() == prev, "payload");
  }));
}

TEST_P(CommTest, TryRecvSeesOnlyWhatWasSent) {
  EXPECT_NO_THROW(run(GetParam(), [](Comm& c) {
    if (c.rank() == 0) require(!c.try_recv<int>(any_source, 9), "nothing yet");
    c.barrier();
    if (c.rank() == 1) c.send(5, 0, 9);
    c.barrier();
    if (c.rank() == 0 && c.size() > 1) {
      int from = -1;
      auto m = c.try_recv<int>(1, 9, &from);
      require(m && *m == 5 && from == 1, "message sent before the barrier");
    }
  }));
}

TEST_P(CommTest, ReservedTagsAndBadRanksAreUsageErrors) {
  EXPECT_THROW(run(GetParam(), [](Comm& c) { c.send(1, 0, -1); }), UsageError);
  EXPECT_THROW(run(GetParam(), [](Comm& c) { c.send(1, c.size(), 0); }), UsageError);
}

INSTANTIATE_TEST_SUITE_P(Teams, CommTest, testing::ValuesIn(sweep_teams()), team_name);

TEST(Comm, SerialIsATeamOfOne) {
  int v = run(make_team(Backend::serial, 4), [](Comm& c) {
    EXPECT_EQ(c.size(), 1);
    EXPECT_EQ(c.transport(), "threads");
    return c.allreduce(7, std::plus<>());
  });
  EXPECT_EQ(v, 7);
}
