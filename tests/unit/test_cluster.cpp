// parkit::Cluster end to end (issue 14): a controller in this process, engines that are this
// program started again as `engine` (its main below), the views, failures and the controller's
// refusal of messages not signed with the cluster's key.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <fmt/format.h>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <future>
#include <mutex>
#include <set>
#include <thread>

#include "cluster/link.hpp"
#include "cluster/protocol.hpp"
#include "parkit/cluster.hpp"
#include "parkit/cluster/controller.hpp"
#include "parkit/cluster/task.hpp"
#include "parkit/files.hpp"

namespace {

long add(long a, long b) { return a + b; }
std::string shout(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}
long scaled(long x) { return x * parkit::cluster::engine_value<long>("factor"); }
void nothing() {}

}  // namespace

PARKIT_TASK(add, add);
PARKIT_TASK(shout, shout);
PARKIT_TASK(scaled, scaled);
PARKIT_TASK(nothing, nothing);

namespace {

using parkit::Cluster;
using Clock = std::chrono::steady_clock;

Cluster start(int n) {
  Cluster::Options o;
  o.n = n;
  return Cluster::start(o);
}

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

class ClusterSizes : public ::testing::TestWithParam<int> {};

TEST_P(ClusterSizes, EveryEngineAnswersTheBroadcastAndStatusListsThem) {
  const int n = GetParam();
  auto c = start(n);
  std::vector<int> want(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) want[static_cast<std::size_t>(i)] = i;
  EXPECT_EQ(c.ids(), want);
  auto view = c.broadcast_view();
  auto pids = view.apply_sync<long>("pid");
  ASSERT_EQ(pids.size(), static_cast<std::size_t>(n));
  std::set<long> distinct(pids.begin(), pids.end());
  EXPECT_EQ(distinct.size(), pids.size());
  EXPECT_FALSE(distinct.count(::getpid()));
  auto cwd = view.apply_sync<std::string>("getcwd");
  for (const auto& d : cwd) EXPECT_EQ(d, std::filesystem::current_path().string());
  auto s = c.status();
  ASSERT_EQ(s.engines.size(), static_cast<std::size_t>(n));
  for (std::size_t i = 0; i < s.engines.size(); ++i) {
    EXPECT_EQ(s.engines[i].pid, pids[i]);
    EXPECT_EQ(s.engines[i].state, "idle");
    EXPECT_EQ(s.engines[i].done, 2u);
  }
  EXPECT_EQ(s.done, static_cast<std::uint64_t>(2 * n));
}

INSTANTIATE_TEST_SUITE_P(N, ClusterSizes, ::testing::Values(1, 2, 3, 4));

TEST(Cluster, DirectViewTargetsAsyncPushPullAndChdir) {
  auto c = start(3);
  auto two = c.direct_view({2, 0});
  auto future = two.apply_async<long>("add", 40L, 2L);
  EXPECT_EQ(future.get(), (std::vector<long>{42, 42}));
  two.push("factor", 10L);
  c.direct_view({1}).push("factor", 3L);
  EXPECT_EQ(c.broadcast_view().pull<long>("factor"), (std::vector<long>{10, 3, 10}));
  EXPECT_EQ(c.broadcast_view().apply_sync<long>("scaled", 5L), (std::vector<long>{50, 15, 50}));
  parkit::TempDir dir("parkit-cluster-test");
  c.direct_view({1}).apply_sync<void>("chdir", dir.path());
  auto cwd = c.broadcast_view().apply_sync<std::string>("getcwd");
  EXPECT_EQ(cwd[1], dir.path());
  EXPECT_EQ(cwd[0], std::filesystem::current_path().string());
  c.broadcast_view().apply_sync<void>("nothing");
  EXPECT_THROW(c.direct_view({}).map<long>("square", std::vector<long>{1}), parkit::UsageError);
}

TEST(Cluster, MapsEqualTheSerialResultInItemOrder) {
  auto c = start(3);
  std::vector<std::string> words;
  for (int i = 0; i < 23; ++i) words.push_back("word" + std::to_string(i));
  std::vector<std::string> want;
  for (const auto& w : words) want.push_back(shout(w));
  EXPECT_EQ(c.broadcast_view().map<std::string>("shout", words), want);
  auto lb = c.load_balanced_view();
  for (std::size_t chunk : {1u, 3u, 100u})
    EXPECT_EQ(lb.map<std::string>("shout", words, chunk), want);
  EXPECT_EQ(lb.apply_sync<long>("add", 2L, 3L), 5);
  EXPECT_TRUE(lb.map<std::string>("shout", std::vector<std::string>{}).empty());
  EXPECT_THROW(lb.map<std::string>("shout", words, 0), parkit::UsageError);
}

TEST(Cluster, ErrorsComeBackAsTheirExceptions) {
  auto c = start(2);
  auto lb = c.load_balanced_view();
  try {
    lb.apply_sync<long>("fail", std::string("boom"));
    FAIL() << "no TaskError";
  } catch (const parkit::TaskError& e) {
    EXPECT_NE(std::string(e.what()).find("boom"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("engine"), std::string::npos) << e.what();
  }
  EXPECT_THROW(lb.apply_sync<long>("no_such_task"), parkit::UsageError);
  EXPECT_THROW(c.direct_view({7}).apply_sync<long>("pid"), parkit::UsageError);
  try {
    lb.apply_sync<long>("add", 1, 2);  // ints, not the longs add takes
    FAIL() << "a mismatch was not refused";
  } catch (const parkit::UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("long"), std::string::npos) << e.what();
  }
  try {
    c.direct_view({0}).pull<long>("unset");
    FAIL() << "no error for an unset value";
  } catch (const parkit::UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("unset"), std::string::npos) << e.what();
  }
  EXPECT_EQ(lb.apply_sync<long>("add", 1L, 2L), 3);  // the engines are fine after all that
}

TEST(Cluster, AKilledEngineFailsItsCallWithWorkerCrashedAndTheOthersGoOn) {
  auto c = start(2);
  auto pids = c.broadcast_view().apply_sync<long>("pid");
  auto slow = c.direct_view({1}).apply_async<long>("sleep_ms", 20000L);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const auto killed = Clock::now();
  ASSERT_EQ(::kill(static_cast<pid_t>(pids[1]), SIGKILL), 0);
  try {
    slow.get();
    FAIL() << "no WorkerCrashed";
  } catch (const parkit::WorkerCrashed& e) {
    EXPECT_EQ(e.rank(), 1);
    EXPECT_EQ(e.signal(), SIGKILL);
    EXPECT_EQ(e.pid(), pids[1]);
    EXPECT_NE(std::string(e.what()).find("engine 1"), std::string::npos) << e.what();
  }
  EXPECT_LT(seconds_since(killed), 1.0);
  auto s = c.status();
  EXPECT_FALSE(s.engines[1].alive);
  EXPECT_NE(s.engines[1].state.find("signal 9"), std::string::npos) << s.engines[1].state;
  EXPECT_EQ(c.ids(), std::vector<int>{0});
  EXPECT_EQ(c.load_balanced_view().map<long>("square", std::vector<long>{1, 2, 3}),
            (std::vector<long>{1, 4, 9}));
  EXPECT_THROW(c.direct_view({1}).apply_sync<long>("pid"), parkit::WorkerCrashed);
}

TEST(Cluster, RetriesRunALoadBalancedCallAgainElsewhere) {
  auto c = start(2);
  auto pids = c.broadcast_view().apply_sync<long>("pid");
  auto lb = c.load_balanced_view(1);
  // Two slow calls: one on each engine (the least busy gets the next).
  auto a = lb.apply_async<long>("sleep_ms", 600L);
  auto b = lb.apply_async<long>("sleep_ms", 600L);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ASSERT_EQ(::kill(static_cast<pid_t>(pids[0]), SIGKILL), 0);
  EXPECT_EQ(a.get(), 600);
  EXPECT_EQ(b.get(), 600);
}

TEST(Cluster, FourClientsTenThousandEmptyCallsNoneLostOrDuplicated) {
  auto c = start(2);
  const std::string file = c.connection().file;
  constexpr long kPerClient = 2500;
  std::vector<std::future<std::vector<std::string>>> clients;
  for (int k = 0; k < 4; ++k)
    clients.push_back(std::async(std::launch::async, [file, k] {
      auto mine = Cluster::connect_file(file);
      std::vector<std::string> items;
      for (long i = 0; i < kPerClient; ++i) items.push_back(fmt::format("{}-{}", k, i));
      return mine.load_balanced_view().map<std::string>("echo", items, 1);
    }));
  std::multiset<std::string> all;
  for (int k = 0; k < 4; ++k) {
    auto got = clients[static_cast<std::size_t>(k)].get();
    ASSERT_EQ(got.size(), static_cast<std::size_t>(kPerClient));
    for (long i = 0; i < kPerClient; ++i)
      EXPECT_EQ(got[static_cast<std::size_t>(i)], fmt::format("{}-{}", k, i));
    all.insert(got.begin(), got.end());
  }
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()).size(), 4u * kPerClient);
  EXPECT_EQ(c.status().done, 4u * kPerClient);
}

TEST(Cluster, StopFailsQueuedCallsAtOnceAndEndsTheEngines) {
  auto c = start(1);
  auto pid = c.broadcast_view().apply_sync<long>("pid")[0];
  auto lb = c.load_balanced_view();
  std::vector<parkit::AsyncResult<long>> pending;
  for (int i = 0; i < 6; ++i) pending.push_back(lb.apply_async<long>("sleep_ms", 300L));
  auto other = Cluster::connect_file(c.connection().file);
  const auto t0 = Clock::now();
  other.stop();
  for (auto& p : pending) EXPECT_THROW(p.get(), parkit::CommError);
  EXPECT_LT(seconds_since(t0), 2.0);
  EXPECT_NE(::kill(static_cast<pid_t>(pid), 0), 0) << "the engine still runs";
  EXPECT_FALSE(std::filesystem::exists(c.connection().file));
}

TEST(Cluster, TwoClustersRunSideBySide) {
  auto a = start(1);
  auto b = start(2);
  EXPECT_NE(a.connection().clients, b.connection().clients);
  EXPECT_EQ(a.ids().size(), 1u);
  EXPECT_EQ(b.ids().size(), 2u);
  EXPECT_NE(a.broadcast_view().apply_sync<long>("pid")[0],
            b.broadcast_view().apply_sync<long>("pid")[0]);
}

TEST(Cluster, BadOptionsAreUsageErrors) {
  Cluster::Options o;
  o.n = 0;
  EXPECT_THROW(Cluster::start(o), parkit::UsageError);
  o.n = 1;
  o.engines = "gpu";
  EXPECT_THROW(Cluster::start(o), parkit::UsageError);
  EXPECT_THROW(Cluster::connect("no-such-profile-here"), parkit::UsageError);
}

// --- security: the controller acts only on messages signed with its key ----------------------

struct LoggedController {
  parkit::TempDir dir{"parkit-cluster-sec"};
  std::mutex m;
  std::vector<std::string> lines;
  std::unique_ptr<parkit::cluster::Controller> controller;
  std::thread thread;
  LoggedController() {
    parkit::cluster::ControllerOptions o;
    o.path = dir.path() + "/c.json";
    o.n = 0;
    o.log = [this](const std::string& s) {
      std::lock_guard lock(m);
      lines.push_back(s);
    };
    controller = std::make_unique<parkit::cluster::Controller>(std::move(o));
    std::promise<void> up;
    thread = std::thread(
        [this, &up] { controller->run([&up](const std::string&) { up.set_value(); }); });
    up.get_future().wait();
  }
  ~LoggedController() {
    controller->request_stop();
    thread.join();
  }
  std::size_t count(const std::string& what) {
    std::lock_guard lock(m);
    std::size_t n = 0;
    for (const auto& l : lines) n += l.find(what) != std::string::npos ? 1 : 0;
    return n;
  }
  bool wait_for(const std::string& what, std::size_t n) {
    for (int i = 0; i < 200; ++i) {
      if (count(what) >= n) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }
};

// A raw DEALER on the clients' socket, sending frames as given.
struct Raw {
  zmq::socket_t s;
  explicit Raw(const std::string& endpoint, const std::string& id)
      : s(parkit::cluster::detail::context(), zmq::socket_type::dealer) {
    s.set(zmq::sockopt::routing_id, id);
    s.set(zmq::sockopt::linger, 0);
    s.connect(endpoint);
  }
  void send(const std::vector<std::string>& frames) {
    for (std::size_t i = 0; i < frames.size(); ++i)
      s.send(zmq::buffer(frames[i]),
             i + 1 < frames.size() ? zmq::send_flags::sndmore : zmq::send_flags::none);
  }
  bool answered(int ms) {
    zmq::pollitem_t item{s.handle(), 0, ZMQ_POLLIN, 0};
    zmq::poll(&item, 1, std::chrono::milliseconds(ms));
    if (!item.revents) return false;
    parkit::cluster::detail::receive_frames(s);
    return true;
  }
};

TEST(ClusterSecurity, WrongKeyUnsignedReplayedAndTamperedMessagesAreRefusedAndLogged) {
  LoggedController lc;
  const auto& conn = lc.controller->connection();
  const std::string id = parkit::cluster::random_id();
  Raw raw(conn.clients, id);
  // Signed with another key: a stop that must not stop anything.
  parkit::cluster::Sealer stranger(parkit::cluster::Key::random(), id);
  raw.send(stranger.seal("stop", ""));
  EXPECT_TRUE(lc.wait_for("bad signature", 1));
  // Unsigned: one frame, and three frames with no signature.
  raw.send({"stop"});
  EXPECT_TRUE(lc.wait_for("not 3 frames", 1));
  raw.send({"", id + " 1 stop", ""});
  EXPECT_TRUE(lc.wait_for("bad signature", 2));
  // Properly signed: answered. The same frames again: refused as replayed, unanswered.
  parkit::cluster::Sealer friend_(conn.key, id);
  auto status = friend_.seal("status", "");
  raw.send(status);
  EXPECT_TRUE(raw.answered(5000));
  raw.send(status);
  EXPECT_TRUE(lc.wait_for("replayed", 1));
  EXPECT_FALSE(raw.answered(200));
  // Tampered: a signed message whose kind was changed on the way.
  auto tampered = friend_.seal("status", "");
  tampered[1].replace(tampered[1].rfind(' ') + 1, std::string::npos, "stop");
  raw.send(tampered);
  EXPECT_TRUE(lc.wait_for("bad signature", 3));
  // Signed by the key, but sent from another connection's id.
  Raw other(conn.clients, parkit::cluster::random_id());
  other.send(friend_.seal("stop", ""));
  EXPECT_TRUE(lc.wait_for("not the connection's", 1));
  // Still running: a client with the key is answered.
  auto client = parkit::Cluster::connect_file(conn.file);
  EXPECT_EQ(client.status().engines.size(), 0u);
  EXPECT_EQ(lc.count("asked to stop"), 0u);
}

TEST(ClusterSecurity, AFloodOfRefusalsIsCountedNotLoggedLineByLine) {
  LoggedController lc;
  Raw raw(lc.controller->connection().clients, parkit::cluster::random_id());
  for (int i = 0; i < 200; ++i) raw.send({"junk"});
  EXPECT_TRUE(lc.wait_for("refused a message", 20));
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  raw.send({"junk"});
  EXPECT_TRUE(lc.wait_for("more messages", 1));
  EXPECT_LE(lc.count("refused a message"), 21u);
}

TEST(ClusterSecurity, TheConnectionFileIsPrivateAndTheSocketsOnLoopback) {
  LoggedController lc;
  const auto& conn = lc.controller->connection();
  auto perms = std::filesystem::status(conn.file).permissions();
  EXPECT_EQ(perms, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  EXPECT_EQ(conn.clients.rfind("tcp://127.0.0.1:", 0), 0u) << conn.clients;
  EXPECT_EQ(conn.engines.rfind("tcp://127.0.0.1:", 0), 0u) << conn.engines;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "engine") return parkit::engine_main(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
