// The tutorials' communicating processes: Process, Pipe, Queue, SharedArray/SharedValue (issue 10).
// After every failure: no zombie, no descriptor left.
#include <dirent.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "open_fds.hpp"
#include "parkit/errors.hpp"
#include "parkit/pipe.hpp"
#include "parkit/process.hpp"
#include "parkit/queue.hpp"
#include "parkit/shared_array.hpp"

using namespace parkit;
using namespace std::chrono_literals;

namespace {

void no_child_left() { EXPECT_EQ(::waitpid(-1, nullptr, WNOHANG), -1) << "a child is left"; }

struct Point {
  int id;
  std::string name;
  std::vector<double> xs;
  template <class A>
  void serialize(A& ar) {
    ar(id, name, xs);
  }
  bool operator==(const Point&) const = default;
};

}  // namespace

TEST(Process, RunsTheCallableAndJoins) {
  SharedValue<int> v(0);
  Process p([&] { v.value() = 42; });
  EXPECT_EQ(p.pid(), -1);
  p.start();
  EXPECT_GT(p.pid(), 0);
  p.join();
  EXPECT_EQ(v.value(), 42);
  EXPECT_EQ(p.exitcode(), 0);
  EXPECT_FALSE(p.is_alive());
  no_child_left();
}

TEST(Process, AnExceptionReachesJoinAsTaskError) {
  Process p([] { throw std::runtime_error("child says no"); });
  p.start();
  try {
    p.join();
    FAIL() << "join did not throw";
  } catch (const TaskError& e) {
    EXPECT_NE(std::string(e.what()).find("child says no"), std::string::npos) << e.what();
  }
  EXPECT_EQ(p.exitcode(), 1);
  no_child_left();
}

TEST(Process, ASignalOrAnExitCodeIsWorkerCrashed) {
  {
    Process p([] { ::raise(SIGABRT); });  // (ASan turns a SIGSEGV into exit code 1)
    p.start();
    EXPECT_THROW(p.join(), WorkerCrashed);
    EXPECT_EQ(p.exitcode(), -SIGABRT);
  }
  {
    Process p([] { ::_exit(3); });
    p.start();
    EXPECT_THROW(p.join(), WorkerCrashed);
    EXPECT_EQ(p.exitcode(), 3);
  }
  no_child_left();
}

TEST(Process, TerminateKillAndTheDestructorLeaveNoChild) {
  std::size_t fds = open_fds();
  {
    Process p([] { ::pause(); });
    p.start();
    EXPECT_TRUE(p.is_alive());
    EXPECT_FALSE(p.join_for(20ms));
    p.terminate();
    EXPECT_THROW(p.join(), WorkerCrashed);
    EXPECT_EQ(p.exitcode(), -SIGTERM);
  }
  {
    Process p([] { ::pause(); });
    p.start();
    p.kill();
    EXPECT_THROW(p.join(), WorkerCrashed);
    EXPECT_EQ(p.exitcode(), -SIGKILL);
  }
  {
    Process p([] { ::pause(); });
    p.start();
  }  // destroyed while running: killed and reaped
  no_child_left();
  EXPECT_EQ(open_fds(), fds);
}

TEST(Pipe, RoundTripsOfSeveralTypesBetweenProcesses) {
  auto [mine, theirs] = make_pipe();
  Process echo([&] {
    mine.close();
    theirs.send(theirs.recv<int>() + 1);
    theirs.send(theirs.recv<double>() * 2);
    theirs.send(theirs.recv<std::string>() + "X");
    auto v = theirs.recv<std::vector<int>>();
    v.push_back(static_cast<int>(v.size()));
    theirs.send(v);
    auto p = theirs.recv<Point>();
    p.id++;
    theirs.send(p);
    std::map<std::string, int> m = theirs.recv<std::map<std::string, int>>();
    theirs.send(m);
  });
  echo.start();
  theirs.close();
  mine.send(41);
  EXPECT_EQ(mine.recv<int>(), 42);
  mine.send(1.25);
  EXPECT_EQ(mine.recv<double>(), 2.5);
  mine.send(std::string("fred"));
  EXPECT_EQ(mine.recv<std::string>(), "fredX");
  mine.send(std::vector<int>{7, 8});
  EXPECT_EQ(mine.recv<std::vector<int>>(), (std::vector<int>{7, 8, 2}));
  mine.send(Point{1, "p", {0.5, 1.5}});
  EXPECT_EQ(mine.recv<Point>(), (Point{2, "p", {0.5, 1.5}}));
  std::map<std::string, int> m{{"a", 1}, {"b", 2}};
  mine.send(m);
  EXPECT_EQ((mine.recv<std::map<std::string, int>>()), m);
  echo.join();
  // The child ended: its end is closed, so recv says so at once.
  EXPECT_TRUE(mine.poll(1000ms));
  EXPECT_THROW(mine.recv<int>(), PipeClosed);
}

TEST(Pipe, AKilledPeerIsEndOfFileNotAHang) {
  std::size_t fds = open_fds();
  {
    auto [mine, theirs] = make_pipe();
    Process p([&] {
      mine.close();
      ::pause();
    });
    p.start();
    theirs.close();
    EXPECT_FALSE(mine.poll(10ms));
    p.kill();
    auto t0 = std::chrono::steady_clock::now();
    EXPECT_THROW(mine.recv<std::string>(), PipeClosed);
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 1s);
    EXPECT_THROW(mine.send(1), PipeClosed);
    EXPECT_THROW(p.join(), WorkerCrashed);
  }
  no_child_left();
  EXPECT_EQ(open_fds(), fds);
}

TEST(Queue, ThreeProducersThreeConsumersAcrossProcessesLoseAndDuplicateNothing) {
  constexpr int per_producer = 33'334, producers = 3, consumers = 3;
  constexpr int total = per_producer * producers;
  Queue<std::int64_t> q;
  // Each consumer's sum and count come back here as one item: as two, the consumers' puts
  // could interleave and pair one's sum with another's count (seen once in a full run).
  Queue<std::array<std::int64_t, 2>> sums;
  std::vector<Process> procs;
  for (int p = 0; p < producers; ++p)
    procs.emplace_back([&, p] {
      for (int i = 0; i < per_producer; ++i) q.put(std::int64_t{p} * per_producer + i);
    });
  for (int c = 0; c < consumers; ++c)
    procs.emplace_back([&] {
      std::int64_t sum = 0, count = 0;
      for (;;) {
        std::int64_t v = q.get();
        if (v < 0) break;  // one stop sign per consumer
        sum += v;
        ++count;
      }
      sums.put({sum, count});
    });
  for (auto& p : procs) p.start();
  for (int p = 0; p < producers; ++p) procs[static_cast<std::size_t>(p)].join();
  for (int c = 0; c < consumers; ++c) q.put(-1);
  std::int64_t sum = 0, count = 0;
  for (int c = 0; c < consumers; ++c) {
    auto [s, n] = sums.get();
    sum += s;
    count += n;
  }
  for (auto& p : procs) p.join();
  EXPECT_EQ(count, total) << "items lost or duplicated";
  EXPECT_EQ(sum, std::int64_t{total} * (total - 1) / 2);
  no_child_left();
}

TEST(Queue, TimeoutsSizesAndClosing) {
  Queue<std::string> q(100);
  EXPECT_EQ(q.get(20ms), std::nullopt);
  q.put("hello");
  EXPECT_EQ(q.get(20ms), "hello");
  EXPECT_THROW(q.put(std::string(200, 'x')), Error);
  // Threads of one process share it too.
  std::thread t([&] { q.put("from a thread"); });
  EXPECT_EQ(q.get(), "from a thread");
  t.join();
  q.close();
  EXPECT_THROW(q.get(), Error);
}

TEST(SharedArray, UpdatesUnderTheLockFromSeveralProcessesSumCorrectly) {
  SharedArray<long> a(4);
  SharedValue<long> counter(0);
  constexpr int procs = 4, adds = 20'000;
  std::vector<Process> ps;
  for (int p = 0; p < procs; ++p)
    ps.emplace_back([&, p] {
      for (int i = 0; i < adds; ++i) {
        auto held = counter.lock();
        counter.value() += 1;
        a[static_cast<std::size_t>(p)] += 2;
      }
    });
  for (auto& p : ps) p.start();
  for (auto& p : ps) p.join();
  EXPECT_EQ(counter.value(), procs * adds);
  for (std::size_t p = 0; p < procs; ++p) EXPECT_EQ(a[p], 2 * adds);
  no_child_left();
}

TEST(SharedArray, ALockHolderThatDiesDoesNotBlockTheOthers) {
  SharedValue<int> v(0);
  Process p([&] {
    auto held = v.lock();
    ::_exit(0);  // dies holding the lock
  });
  p.start();
  EXPECT_THROW(p.join(), WorkerCrashed);  // exited by itself, code 0, without finishing
  auto held = v.lock();                   // robust: ours now, not a deadlock
  v.value() = 1;
  EXPECT_EQ(v.value(), 1);
}
