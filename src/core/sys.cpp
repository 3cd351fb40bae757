#include "core/sys.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <mutex>
#include <system_error>

#include "parkit/errors.hpp"

namespace parkit::sys {

namespace {
std::mutex fault_m;
std::function<int(std::string_view)> fault_hook;
// Set while a hook is installed: without one, a call pays one relaxed load, no lock.
std::atomic<bool> fault_set{false};
}  // namespace

int injected(std::string_view call) {
  if (!fault_set.load(std::memory_order_relaxed)) return 0;
  std::lock_guard lock(fault_m);
  return fault_hook ? fault_hook(call) : 0;
}

namespace {

sockaddr_un path_addr(const std::string& path, socklen_t& len) {
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  if (path.size() + 1 > sizeof a.sun_path) fail("socket path", ENAMETOOLONG);
  std::memcpy(a.sun_path, path.data(), path.size());
  len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size() + 1);
  return a;
}
}  // namespace

void Fd::reset(int fd) noexcept {
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
}

void set_fault(std::function<int(std::string_view)> hook) {
  std::lock_guard lock(fault_m);
  fault_set.store(static_cast<bool>(hook), std::memory_order_relaxed);
  fault_hook = std::move(hook);
}

std::string error_text(int err) { return std::system_category().message(err); }

void fail(std::string_view call, int err) {
  throw CommError(fmt::format("{}: {}", call, error_text(err)));
}

Fd listen_path(const std::string& path, int backlog) {
  if (int e = injected("socket")) fail("socket", e);
  Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!fd) fail("socket", errno);
  socklen_t len;
  sockaddr_un a = path_addr(path, len);
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&a), len) != 0) fail("bind", errno);
  if (::listen(fd.get(), backlog) != 0) fail("listen", errno);
  return fd;
}

Fd connect_path(const std::string& path) {
  if (int e = injected("connect")) fail("connect", e);
  Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd) fail("socket", errno);
  socklen_t len;
  sockaddr_un a = path_addr(path, len);
  for (;;) {
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&a), len) == 0) return fd;
    if (errno == EINTR) continue;
    if (errno == ECONNREFUSED || errno == ENOENT) return Fd();
    fail("connect", errno);
  }
}

std::optional<PeerCredentials> peer_credentials(int fd) {
  ucred c{};
  socklen_t len = sizeof c;
  if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &c, &len) != 0) return std::nullopt;
  return PeerCredentials{c.pid, c.uid};
}

Fd accept_nonblocking(int listener) {
  for (;;) {
    int fd = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd >= 0) return Fd(fd);
    if (errno == EINTR || errno == ECONNABORTED) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return Fd();
    fail("accept", errno);
  }
}

std::pair<Fd, Fd> socket_pair() {
  if (int e = injected("socketpair")) fail("socketpair", e);
  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) fail("socketpair", errno);
  return {Fd(sv[0]), Fd(sv[1])};
}

void consume_iov(std::span<iovec> iov, std::size_t& first, std::size_t sent) noexcept {
  while (first < iov.size() && sent >= iov[first].iov_len) sent -= iov[first++].iov_len;
  if (first < iov.size()) {
    iov[first].iov_base = static_cast<char*>(iov[first].iov_base) + sent;
    iov[first].iov_len -= sent;
  }
  while (first < iov.size() && iov[first].iov_len == 0) ++first;
}

bool send_all(int fd, std::span<iovec> iov) {
  if (int e = injected("send")) fail("send", e);
  std::size_t i = 0;
  while (i < iov.size()) {
    msghdr msg{};
    msg.msg_iov = iov.data() + i;
    msg.msg_iovlen = iov.size() - i;
    ssize_t n = ::sendmsg(fd, &msg, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EPIPE || errno == ECONNRESET) return false;
      fail("send", errno);
    }
    consume_iov(iov, i, static_cast<std::size_t>(n));
  }
  return true;
}

std::optional<std::size_t> send_some(int fd, std::span<const iovec> iov) {
  if (int e = injected("send")) fail("send", e);
  msghdr msg{};
  msg.msg_iov = const_cast<iovec*>(iov.data());
  msg.msg_iovlen = iov.size();
  for (;;) {
    ssize_t n = ::sendmsg(fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
    if (errno == EPIPE || errno == ECONNRESET) return std::nullopt;
    fail("send", errno);
  }
}

std::optional<std::size_t> recv_some(int fd, std::span<std::byte> out) {
  if (int e = injected("recv")) fail("recv", e);
  for (;;) {
    ssize_t n = ::recv(fd, out.data(), out.size(), MSG_DONTWAIT);
    if (n > 0) return static_cast<std::size_t>(n);
    if (n == 0) return std::nullopt;
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
    if (errno == ECONNRESET) return std::nullopt;
    fail("recv", errno);
  }
}

bool recv_all(int fd, std::span<std::byte> out) {
  if (int e = injected("recv")) fail("recv", e);
  std::size_t got = 0;
  while (got < out.size()) {
    ssize_t n = ::recv(fd, out.data() + got, out.size() - got, 0);
    if (n > 0) {
      got += static_cast<std::size_t>(n);
      continue;
    }
    if (n == 0) return false;
    if (errno == EINTR) continue;
    if (errno == ECONNRESET) return false;
    fail("recv", errno);
  }
  return true;
}

int poll_fds(std::span<pollfd> fds, int timeout_ms) {
  using clock = std::chrono::steady_clock;
  auto deadline = clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    int n = ::poll(fds.data(), fds.size(), timeout_ms);
    if (n >= 0) return n;
    if (errno != EINTR) fail("poll", errno);
    if (timeout_ms >= 0) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now());
      timeout_ms = static_cast<int>(std::max<long long>(0, left.count()));
    }
  }
}

int poll_fds_spin(std::span<pollfd> fds, int timeout_ms, int spin_us) {
  using clock = std::chrono::steady_clock;
  auto until = clock::now() + std::chrono::microseconds(spin_us);
  do {
    int n = poll_fds(fds, 0);
    if (n != 0 || timeout_ms == 0) return n;
  } while (clock::now() < until);
  return poll_fds(fds, timeout_ms);
}

int pidfd_open(pid_t pid) {
  int fd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  if (fd < 0) fail("pidfd_open", errno);
  return fd;
}

std::optional<ChildEnd> peek_child_end(int pidfd) noexcept {
#ifndef P_PIDFD
  constexpr idtype_t P_PIDFD = static_cast<idtype_t>(3);
#endif
  siginfo_t info{};
  int r;
  do r = ::waitid(P_PIDFD, static_cast<id_t>(pidfd), &info, WEXITED | WNOHANG | WNOWAIT);
  while (r < 0 && errno == EINTR);
  if (r < 0 || info.si_pid == 0) return std::nullopt;
  return ChildEnd{info.si_code == CLD_EXITED, info.si_status};
}

void pidfd_kill(int pidfd) noexcept {
  if (pidfd >= 0) ::syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, nullptr, 0);
}

pid_t wait_pid(pid_t pid, int* status, int flags) noexcept {
  pid_t r;
  do r = ::waitpid(pid, status, flags);
  while (r < 0 && errno == EINTR);
  return r;
}

pid_t fork_process() {
  if (int e = injected("fork")) fail("fork", e);
  pid_t pid = ::fork();
  if (pid < 0) fail("fork", errno);
  return pid;
}

std::int64_t coarse_now_ns() noexcept {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

void set_nonblocking(int fd) {
  int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) fail("fcntl", errno);
}

int event_fd() {
  int fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (fd < 0) fail("eventfd", errno);
  return fd;
}

void event_signal(int efd) {
  std::uint64_t one = 1;
  while (::write(efd, &one, sizeof one) < 0 && errno == EINTR) {
  }
}

void event_drain(int efd) {
  std::uint64_t v;
  while (::read(efd, &v, sizeof v) < 0 && errno == EINTR) {
  }
}

}  // namespace parkit::sys
