#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "parkit/cluster/connection.hpp"
#include "parkit/errors.hpp"
#include "parkit/files.hpp"

using namespace parkit;
using namespace parkit::cluster;

namespace {

// XDG_RUNTIME_DIR pointed at a fresh folder for the test's life.
class Runtime {
 public:
  Runtime() : dir_("parkit-conn") {
    // NOLINTNEXTLINE(concurrency-mt-unsafe): tests set it before any thread
    ::setenv("XDG_RUNTIME_DIR", dir_.path().c_str(), 1);
  }
  ~Runtime() { ::unsetenv("XDG_RUNTIME_DIR"); }  // NOLINT(concurrency-mt-unsafe)
  const std::string& path() const { return dir_.path(); }

 private:
  TempDir dir_;
};

Connection sample() {
  return {"default", "tcp://127.0.0.1:40001", "tcp://127.0.0.1:40002", Key::random(), ::getpid(),
          ""};
}

std::string message_of(const std::string& path) {
  try {
    (void)read_connection(path);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "read";
}

}  // namespace

TEST(ClusterConnection, WrittenPrivateAndReadBack) {
  Runtime rt;
  std::string path = connection_path("default");
  EXPECT_EQ(path, rt.path() + "/parkit/cluster-default.json");
  struct stat st {};
  ASSERT_EQ(::stat((rt.path() + "/parkit").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  Connection c = sample();
  write_connection(path, c);
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  Connection back = read_connection(path);
  EXPECT_EQ(back.profile, c.profile);
  EXPECT_EQ(back.engines, c.engines);
  EXPECT_EQ(back.clients, c.clients);
  EXPECT_EQ(back.key.bytes(), c.key.bytes());
  EXPECT_EQ(back.controller, c.controller);
  EXPECT_EQ(back.file, path);
  EXPECT_TRUE(controller_alive(back));
}

TEST(ClusterConnection, BadProfilesFilesAndFoldersAreRefused) {
  Runtime rt;
  for (const std::string& bad :
       std::vector<std::string>{"", "../x", "a/b", std::string(65, 'a'), "sp ace"})
    EXPECT_THROW(connection_path(bad), UsageError) << bad;
  std::string path = connection_path("p1");
  EXPECT_NE(message_of(path).find("no cluster"), std::string::npos);
  write_connection(path, sample());
  ::chmod(path.c_str(), 0640);
  EXPECT_NE(message_of(path).find("others may read"), std::string::npos) << message_of(path);
  ::chmod(path.c_str(), 0600);
  EXPECT_EQ(message_of(path), "read");
  if (::geteuid() == 0) {  // as root the file can be given away: not this user's, refused
    ASSERT_EQ(::chown(path.c_str(), 65534, 65534), 0);
    EXPECT_NE(message_of(path).find("not this user's"), std::string::npos);
    ASSERT_EQ(::chown(path.c_str(), 0, 0), 0);
  }
  auto rewrite = [&](const std::string& text) {
    std::ofstream(path, std::ios::trunc) << text;
    ::chmod(path.c_str(), 0600);
  };
  Connection c = sample();
  rewrite("not json");
  EXPECT_NE(message_of(path).find("not a connection file"), std::string::npos);
  rewrite(R"({"profile":"p1","engines":"tcp://127.0.0.1:1","clients":"tcp://127.0.0.1:2",)"
          R"("key":"00","controller":5})");
  EXPECT_NE(message_of(path).find("64 hex digits"), std::string::npos);
  rewrite(R"({"profile":"p1","engines":"tcp://evil.example:1","clients":"tcp://127.0.0.1:2",)"
          R"("key":")" +
          c.key.hex() + R"(","controller":5})");
  EXPECT_NE(message_of(path).find("not an address"), std::string::npos);
  rewrite(R"({"profile":"p1","engines":"tcp://127.0.0.1:99999","clients":"tcp://127.0.0.1:2",)"
          R"("key":")" +
          c.key.hex() + R"(","controller":5})");
  EXPECT_NE(message_of(path).find("not an address"), std::string::npos);
  // A link to a file is not followed (somebody else's file under our name).
  std::string link = rt.path() + "/parkit/cluster-link.json";
  ASSERT_EQ(::symlink(path.c_str(), link.c_str()), 0);
  EXPECT_NE(message_of(link), "read");
  // A runtime folder others can write into is not used.
  ::chmod((rt.path() + "/parkit").c_str(), 0777);
  EXPECT_THROW(connection_dir(), UsageError);
  ::chmod((rt.path() + "/parkit").c_str(), 0700);
}

TEST(ClusterConnection, AFileLeftByAControllerThatIsGoneIsStale) {
  pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ASSERT_GT(child, 0);
  ::waitpid(child, nullptr, 0);
  Connection c = sample();
  c.controller = child;
  EXPECT_FALSE(controller_alive(c));
  c.controller = ::getpid();
  EXPECT_TRUE(controller_alive(c));
}
