#include <gtest/gtest.h>
#include <unistd.h>

#include <set>
#include <string>
#include <tuple>

#include "parkit/inline_pool.hpp"
#include "parkit/process_pool.hpp"
#include "parkit/thread_pool.hpp"

using namespace parkit;

namespace {

int square(int x) { return x * x; }
int add(int a, int b) { return a + b; }
std::string label(int x) { return "#" + std::to_string(x); }
int my_pid(int) { return static_cast<int>(::getpid()); }
int fail_on_13(int x) {
  if (x == 13) throw std::runtime_error("unlucky");
  return x;
}

template <class P>
class PoolTest : public testing::Test {};

using Pools = testing::Types<InlinePool, ThreadPool, ProcessPool>;
TYPED_TEST_SUITE(PoolTest, Pools);

std::vector<int> iota_vec(int n) {
  std::vector<int> v(n);
  for (int i = 0; i < n; ++i) v[i] = i;
  return v;
}

}  // namespace

TYPED_TEST(PoolTest, SubmitReturnsAFuture) {
  TypeParam pool(2);
  auto f = pool.submit(add, 2, 3);
  auto g = pool.submit(label, 7);
  EXPECT_EQ(f.get(), 5);
  EXPECT_EQ(g.get(), "#7");
}

TYPED_TEST(PoolTest, MapKeepsOrderForEveryChunksize) {
  TypeParam pool(3);
  auto items = iota_vec(101);
  for (std::size_t cs : {0u, 1u, 7u, 200u}) {
    auto out = pool.map(square, items, cs);
    ASSERT_EQ(out.size(), items.size());
    for (int i = 0; i <= 100; ++i) ASSERT_EQ(out[i], i * i);
  }
  EXPECT_TRUE(pool.map(square, std::vector<int>{}).empty());
}

TYPED_TEST(PoolTest, StarmapUnpacksTuples) {
  TypeParam pool(2);
  std::vector<std::tuple<int, int>> args{{1, 2}, {3, 4}, {5, 6}};
  EXPECT_EQ(pool.starmap(add, args), (std::vector<int>{3, 7, 11}));
}

TYPED_TEST(PoolTest, ImapIsOrderedAndImapUnorderedIsComplete) {
  TypeParam pool(2);
  auto items = iota_vec(60);
  std::vector<std::string> ordered;
  for (const auto& s : pool.imap(label, items, 4)) ordered.push_back(s);
  ASSERT_EQ(ordered.size(), 60u);
  for (int i = 0; i < 60; ++i) EXPECT_EQ(ordered[i], label(i));
  std::multiset<int> got;
  auto stream = pool.imap_unordered(square, items);
  while (auto v = stream.next()) got.insert(*v);
  std::multiset<int> expect;
  for (int i : items) expect.insert(i * i);
  EXPECT_EQ(got, expect);
}

TYPED_TEST(PoolTest, ATaskThatThrowsBecomesTaskErrorWithItsIndex) {
  TypeParam pool(2);
  try {
    pool.map(fail_on_13, iota_vec(40), 3);
    ADD_FAILURE() << "expected TaskError";
  } catch (const TaskError& e) {
    EXPECT_EQ(e.task(), 13u);
    EXPECT_EQ(e.message(), "unlucky");
    EXPECT_GE(e.rank(), 0);
    EXPECT_LT(e.rank(), 2);
  }
  // The pool is still usable afterwards.
  EXPECT_EQ(pool.map(square, std::vector<int>{4}), std::vector<int>{16});
  auto f = pool.submit(fail_on_13, 13);
  EXPECT_THROW(f.get(), TaskError);
  auto s = pool.imap(fail_on_13, iota_vec(20));
  for (int i = 0; i < 13; ++i) EXPECT_EQ(s.next(), i);
  EXPECT_THROW(s.next(), TaskError);
}

TEST(ThreadPool, TakesAnyCallable) {
  ThreadPool pool(2);
  auto owned = std::make_unique<int>(10);
  std::string suffix = "!";
  auto out =
      pool.map([&](int x) { return std::to_string(x + *owned) + suffix; }, std::vector<int>{1, 2});
  EXPECT_EQ(out, (std::vector<std::string>{"11!", "12!"}));
  pool.wait();
}

TEST(ProcessPool, StaysWarmAcrossCalls) {
  ProcessPool pool(2);
  auto pids = pool.pids();
  std::set<int> before(pids.begin(), pids.end());
  for (int round = 0; round < 3; ++round) {
    auto seen = pool.map(my_pid, iota_vec(20), 1);
    for (int p : seen) EXPECT_TRUE(before.count(p)) << "task ran outside the pool's workers";
  }
  EXPECT_EQ(pool.pids(), pids);
}

TEST(ProcessPool, CapturedValuesTravelWithTheTask) {
  ProcessPool pool(2);
  int offset = 1000;
  auto out = pool.map([offset](int x) { return x + offset; }, iota_vec(5));
  EXPECT_EQ(out, (std::vector<int>{1000, 1001, 1002, 1003, 1004}));
}
