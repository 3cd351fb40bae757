#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>

#include "core/frame.hpp"
#include "core/sys.hpp"
#include "parkit/errors.hpp"
#include "parkit/files.hpp"
#include "parkit/program.hpp"

using namespace parkit;

TEST(Sys, FdClosesOnceAndMoves) {
  int raw[2];
  ASSERT_EQ(::pipe(raw), 0);
  {
    sys::Fd a(raw[0]);
    sys::Fd b(std::move(a));
    EXPECT_FALSE(a);
    EXPECT_EQ(b.get(), raw[0]);
  }
  EXPECT_EQ(::fcntl(raw[0], F_GETFD), -1);  // closed by b
  ::close(raw[1]);
}

TEST(Sys, FramesRoundTripIncludingEmptyAndLarge) {
  auto [a, b] = sys::socket_pair();
  Bytes big(300000);
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = std::byte(i * 7);
  std::thread writer([&] {
    EXPECT_TRUE(detail::write_frame(a.get(), 5, {}));
    EXPECT_TRUE(detail::write_frame(a.get(), -3, big));
  });
  auto f1 = detail::read_frame(b.get());
  auto f2 = detail::read_frame(b.get());
  writer.join();
  ASSERT_TRUE(f1 && f2);
  EXPECT_EQ(f1->tag, 5);
  EXPECT_TRUE(f1->data.empty());
  EXPECT_EQ(f2->tag, -3);
  EXPECT_EQ(f2->data, big);
  a.reset();
  EXPECT_FALSE(detail::read_frame(b.get()));  // EOF
}

TEST(Sys, WriteToAClosedPeerReportsGoneWithoutSigpipe) {
  auto [a, b] = sys::socket_pair();
  b.reset();
  Bytes x(10);
  EXPECT_FALSE(detail::write_frame(a.get(), 1, x));
}

TEST(Sys, PathSocketsConnectRefuseAndKnowTheirPeer) {
  TempDir dir("parkit-test-sock");
  std::string path = dir.path() + "/0";
  sys::Fd l = sys::listen_path(path, 4);
  sys::Fd c = sys::connect_path(path);
  EXPECT_TRUE(c);
  sys::Fd a = sys::accept_nonblocking(l.get());
  ASSERT_TRUE(a);
  auto peer = sys::peer_credentials(a.get());
  ASSERT_TRUE(peer);
  EXPECT_EQ(peer->pid, ::getpid());
  EXPECT_EQ(peer->uid, ::geteuid());
  EXPECT_FALSE(sys::accept_nonblocking(l.get()));  // nothing else pending
  l.reset();
  EXPECT_FALSE(sys::connect_path(path));  // nobody listens any more
  EXPECT_THROW(sys::listen_path(dir.path() + "/" + std::string(120, 'x'), 1), CommError);
}

TEST(Sys, InjectedFaultsSurfaceAsCommErrorNamingTheCall) {
  sys::set_fault([](std::string_view call) { return call == "socketpair" ? EMFILE : 0; });
  try {
    sys::socket_pair();
    ADD_FAILURE() << "expected a failure";
  } catch (const CommError& e) {
    EXPECT_NE(std::string(e.what()).find("socketpair"), std::string::npos);
  }
  sys::set_fault(nullptr);
  EXPECT_NO_THROW(sys::socket_pair());
}

TEST(Sys, RunProgramSetsTheGivenEnvironmentOverOurs) {
  ::setenv("PARKIT_TEST_OLD", "old", 1);  // NOLINT(concurrency-mt-unsafe): one thread here
  auto r = run_program({"sh", "-c", "echo \"$PARKIT_TEST_OLD $PARKIT_TEST_NEW $HOME\""},
                       {"PARKIT_TEST_OLD=replaced", "PARKIT_TEST_NEW=added"});
  EXPECT_EQ(r.exit_code, 0);
  // NOLINTNEXTLINE(concurrency-mt-unsafe): read only
  EXPECT_EQ(r.out,
            fmt::format("replaced added {}\n", std::getenv("HOME") ? std::getenv("HOME") : ""));
  auto plain = run_program({"sh", "-c", "echo \"$PARKIT_TEST_OLD\"; exit 3"});
  EXPECT_EQ(plain.out, "old\n");
  EXPECT_EQ(plain.exit_code, 3);
  ::unsetenv("PARKIT_TEST_OLD");  // NOLINT(concurrency-mt-unsafe): one thread here
  EXPECT_THROW(run_program({"parkit-no-such-program-here"}), Error);
}

TEST(Sys, ThisProgramAndArgvPointers) {
  std::string self = parkit::this_program();
  EXPECT_EQ(self.substr(self.rfind('/') + 1), "parkit_tests");
  std::vector<std::string> words{"a", "bc"};
  auto p = parkit::argv_pointers(words);
  ASSERT_EQ(p.size(), 3u);
  EXPECT_STREQ(p[0], "a");
  EXPECT_STREQ(p[1], "bc");
  EXPECT_EQ(p[2], nullptr);
}
