// Who can reach a processes team (issue 9, 13): a small team is connected by socketpairs before
// the fork and has no name anyone could reach; a bigger one's sockets sit in a private folder
// and only the team's own processes are accepted; a frame's claimed size is never allocated up
// front.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "comm/process_comm.hpp"
#include "core/frame.hpp"
#include "core/sys.hpp"
#include "parkit/errors.hpp"
#include "parkit/files.hpp"
#include "parkit/run.hpp"
#include "team_params.hpp"

using namespace parkit;

namespace {

// Points XDG_RUNTIME_DIR at a fresh folder (team folders are made there), and back.
class TeamFolder {
 public:
  TeamFolder() : base_("parkit-test-sec") {
    const char* old = std::getenv("XDG_RUNTIME_DIR");
    if (old) old_ = old, had_ = true;
    ::setenv("XDG_RUNTIME_DIR", base_.path().c_str(), 1);
  }
  ~TeamFolder() {
    if (had_)
      ::setenv("XDG_RUNTIME_DIR", old_.c_str(), 1);
    else
      ::unsetenv("XDG_RUNTIME_DIR");
  }
  std::vector<std::string> teams() const {
    std::vector<std::string> names, out;
    sys::list_dir(base_.path(), names);
    for (auto& n : names)
      if (n.starts_with("parkit-team-")) out.push_back(base_.path() + "/" + n);
    return out;
  }

 private:
  TempDir base_;
  std::string old_;
  bool had_ = false;
};

// In a forked process: connects to `socket`, claims to be rank 1, and exits 0 if the team closes
// the connection (EOF within 5 s), 1 if it keeps it open, 2 if it could not connect at all.
int stranger(const std::string& socket, uid_t as_user) {
  pid_t pid = ::fork();
  if (pid == 0) {
    if (as_user != ::geteuid() && ::setuid(as_user) != 0) ::_exit(3);
    try {
      sys::Fd fd = sys::connect_path(socket);
      if (!fd) ::_exit(2);
      std::int32_t claim = 1;
      if (::send(fd.get(), &claim, sizeof claim, MSG_NOSIGNAL) != sizeof claim) ::_exit(0);
      pollfd p{fd.get(), POLLIN, 0};
      if (::poll(&p, 1, 5000) <= 0) ::_exit(1);
      char b;
      ::_exit(::recv(fd.get(), &b, 1, 0) <= 0 ? 0 : 1);
    } catch (...) {
      ::_exit(2);  // refused (EACCES)
    }
  }
  int st = 0;
  ::waitpid(pid, &st, 0);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 100;
}

static_assert(folder_team_ranks == detail::mesh_max_ranks + 1);
const Team folder_team = make_team(Backend::processes, folder_team_ranks);

}  // namespace

TEST(TeamSecurity, ASmallTeamIsConnectedBeforeTheForkAndMakesNoFolder) {
  TeamFolder folder;
  int ranks = run(make_team(Backend::processes, detail::mesh_max_ranks), [&](Comm& c) {
    if (c.rank() == 0 && !folder.teams().empty())
      throw std::runtime_error("a meshed team made a folder");
    // every pair of ranks talks, both ways
    for (int d = 0; d < c.size(); ++d)
      if (d != c.rank()) c.send(c.rank() * 100 + d, d, 0);
    for (int s = 0; s < c.size(); ++s)
      if (s != c.rank() && c.recv<int>(s, 0) != s * 100 + c.rank())
        throw std::runtime_error("a message reached the wrong rank");
    return c.allreduce(1, std::plus<>());
  });
  EXPECT_EQ(ranks, detail::mesh_max_ranks);
  EXPECT_TRUE(folder.teams().empty());
}

TEST(TeamSecurity, TheTeamFolderIsPrivateAndGoesWithTheTeam) {
  TeamFolder folder;
  run(folder_team, [&](Comm& c) {
    if (c.rank() == 0) {
      auto teams = folder.teams();
      if (teams.size() != 1) throw std::runtime_error("expected one team folder");
      struct stat st {};
      if (::stat(teams[0].c_str(), &st) != 0 || (st.st_mode & 0777) != 0700)
        throw std::runtime_error("the team folder is not private (0700)");
    }
    c.barrier();
  });
  EXPECT_TRUE(folder.teams().empty());
}

TEST(TeamSecurity, AProcessOfTheSameUserOutsideTheTeamIsRefused) {
  TeamFolder folder;
  int verdict = -1;
  verdict = run(folder_team, [&](Comm& c) {
    int v = 0;
    if (c.rank() == 1) v = stranger(folder.teams().at(0) + "/0", ::geteuid());
    c.barrier();  // rank 0 accepts (and must close) the stranger while it waits here
    if (c.rank() < 2) {
      c.send(7, 1 - c.rank(), 0);
      if (c.recv<int>(1 - c.rank(), 0) != 7) throw std::runtime_error("the team is broken");
    }
    return c.bcast(v, 1), v;
  });
  EXPECT_EQ(verdict, 0) << "1: the stranger's connection was kept; 2: it could not connect";
}

TEST(TeamSecurity, AnotherUserCannotConnectAtAll) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to act as another user";
  TeamFolder folder;
  int verdict = run(folder_team, [&](Comm& c) {
    int v = 0;
    if (c.rank() == 1) v = stranger(folder.teams().at(0) + "/0", 65534);
    c.barrier();
    c.bcast(v, 1);
    return v;
  });
  EXPECT_EQ(verdict, 2) << "nobody (uid 65534) reached a team socket";
}

TEST(TeamSecurity, AHeaderThatClaimsExabytesAllocatesNothingOfIt) {
  auto [a, b] = sys::socket_pair();
  detail::FrameHeader h = detail::frame_header(3, std::numeric_limits<std::uint64_t>::max() / 4);
  ASSERT_EQ(::send(a.get(), &h, sizeof h, 0), static_cast<ssize_t>(sizeof h));
  ASSERT_EQ(::send(a.get(), "0123456789", 10, 0), 10);
  a.reset();
  EXPECT_FALSE(detail::read_frame(b.get()));  // the peer went away mid-frame: no bad_alloc

  auto [c, d] = sys::socket_pair();
  ASSERT_EQ(::send(c.get(), &h, sizeof h, 0), static_cast<ssize_t>(sizeof h));
  ASSERT_EQ(::send(c.get(), "0123456789", 10, 0), 10);
  c.reset();
  sys::set_nonblocking(d.get());
  detail::FrameReader reader;
  int frames = 0;
  EXPECT_FALSE(reader.drain(d.get(), [&](detail::Frame&&) { ++frames; }));
  EXPECT_EQ(frames, 0);
}
