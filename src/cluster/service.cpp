#include "parkit/cluster/service.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>

#include "core/sys.hpp"
#include "parkit/errors.hpp"
#include "parkit/interrupt.hpp"
#include "parkit/program.hpp"

namespace parkit::cluster {

namespace {

std::string now_text() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  ::localtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

std::string read_from_start(int fd) {
  std::string out;
  ::lseek(fd, 0, SEEK_SET);
  if (int e = sys::read_to_end(fd, out))
    throw Error("cannot read a command's output: " + sys::error_text(e));
  return out;
}

}  // namespace

std::string log_path(const std::string& profile) {
  std::string path = connection_path(profile);  // checks the name
  return path.substr(0, path.size() - 5) + ".log";
}

Connection start_service(const std::string& profile, const std::vector<std::string>& serve_argv) {
  const std::string path = connection_path(profile);
  if (sys::Fd probe; sys::open_file(path, O_RDONLY | O_NOFOLLOW, probe) == 0) {
    auto old = read_connection(path);
    if (controller_alive(old))
      throw UsageError(
          fmt::format("cluster '{}' is already running (controller pid {}); stop it first", profile,
                      old.controller));
    fmt::print(stderr, "parkit: removed the stale connection file {} (controller pid {} is gone)\n",
               path, old.controller);
    sys::remove_file(path);
  }
  const std::string log = log_path(profile);
  sys::Fd logfd;
  if (int e =
          sys::open_file(log, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, logfd, 0600))
    throw UsageError(fmt::format("{}: cannot write the log: {}", log, sys::error_text(e)));
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw Error("cannot make a pipe: " + sys::error_text(errno));
  sys::Fd rd(fds[0]), wr(fds[1]);
  std::vector<std::string> args = serve_argv;
  std::vector<char*> argv = argv_pointers(args);
  // Twice forked, in a session of its own: the controller outlives this command and its terminal.
  pid_t child = ::fork();
  if (child < 0) throw Error("cannot fork: " + sys::error_text(errno));
  if (child == 0) {
    ::setsid();
    if (::fork() != 0) ::_exit(0);
    int null = ::open("/dev/null", O_RDONLY);
    ::dup2(null, 0);
    ::dup2(logfd.get(), 1);
    ::dup2(logfd.get(), 2);
    ::dup2(wr.get(), 3);
    ::close_range(4, ~0U, 0);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  int status = 0;
  sys::wait_pid(child, &status, 0);
  wr.reset();
  std::string said;
  (void)sys::read_to_end(rd.get(), said);
  while (!said.empty() && said.back() == '\n') said.pop_back();
  if (said == "ok") return read_connection(path);
  if (said.rfind("error: ", 0) == 0)
    throw Error(
        fmt::format("cluster '{}' did not start: {} (log {})", profile, said.substr(7), log));
  throw Error(
      fmt::format("cluster '{}' did not start: the controller ended (log {})", profile, log));
}

int serve(ControllerOptions o, int ready_fd) {
  sys::Fd ready(ready_fd);
  o.log = [](const std::string& s) {
    fmt::print(stderr, "{} controller: {}\n", now_text(), s);
    std::fflush(stderr);
  };
  const std::string path = o.path;
  Controller c(std::move(o));
  RemovedOnInterrupt remove_file(path);
  c.run([&ready](const std::string& why) {
    if (!ready) return;
    (void)sys::write_all(ready.get(), why.empty() ? std::string("ok\n") : "error: " + why + "\n");
    ready.reset();
  });
  return 0;
}

Captured run_captured(const std::function<int()>& f) {
  sys::Fd out(::memfd_create("parkit-out", MFD_CLOEXEC));
  sys::Fd err(::memfd_create("parkit-err", MFD_CLOEXEC));
  if (!out || !err) throw Error("cannot catch a command's output: " + sys::error_text(errno));
  std::fflush(stdout);
  std::fflush(stderr);
  sys::Fd saved_out(::dup(1)), saved_err(::dup(2));
  ::dup2(out.get(), 1);
  ::dup2(err.get(), 2);
  Captured c;
  c.code = 1;
  try {
    c.code = f();
  } catch (const std::exception& e) {
    fmt::print(stderr, "{}\n", e.what());
  }
  std::fflush(stdout);
  std::fflush(stderr);
  ::dup2(saved_out.get(), 1);
  ::dup2(saved_err.get(), 2);
  c.out = read_from_start(out.get());
  c.err = read_from_start(err.get());
  return c;
}

}  // namespace parkit::cluster
