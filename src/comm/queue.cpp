#include "parkit/queue.hpp"

#include <fmt/format.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "core/sys.hpp"
#include "parkit/errors.hpp"

namespace parkit::detail {

QueueBase::QueueBase(std::size_t max_item, std::size_t capacity_bytes) : max_item_(max_item) {
  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
    throw Error(fmt::format("cannot make a queue: {}", sys::error_text(errno)));
  in_ = sv[0];
  out_ = sv[1];
  // The send buffer bounds what is queued; it must hold at least one whole item.
  int bytes = static_cast<int>(std::max(capacity_bytes, max_item + 4096));
  ::setsockopt(in_, SOL_SOCKET, SO_SNDBUF, &bytes, sizeof bytes);
  ::setsockopt(out_, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes);
  ::shutdown(in_, SHUT_RD);  // one direction only: producers never read, consumers never write
  ::shutdown(out_, SHUT_WR);
}

QueueBase::~QueueBase() { close(); }

void QueueBase::close() noexcept {
  if (in_ >= 0) ::close(in_);
  if (out_ >= 0) ::close(out_);
  in_ = out_ = -1;
}

void QueueBase::put_bytes(std::span<const std::byte> item) {
  if (in_ < 0) throw Error("put on a closed queue");
  if (item.size() > max_item_)
    throw Error(fmt::format("queue: an item of {} bytes is over the queue's limit of {}",
                            item.size(), max_item_));
  for (;;) {
    ssize_t n = ::send(in_, item.data(), item.size(), MSG_NOSIGNAL);
    if (n >= 0) return;
    if (errno == EINTR) continue;
    if (errno == EPIPE) throw PipeClosed("put: the queue has no consumer left");
    throw Error(fmt::format("queue: put failed: {}", sys::error_text(errno)));
  }
}

std::optional<Bytes> QueueBase::get_bytes(std::optional<std::chrono::milliseconds> timeout) {
  if (out_ < 0) throw Error("get on a closed queue");
  using clock = std::chrono::steady_clock;
  auto end = timeout ? clock::now() + *timeout : clock::time_point::max();
  // One buffer per thread, big enough for any item (no fresh 64 KiB per get).
  thread_local Bytes buffer;
  if (buffer.size() < max_item_ + 1) buffer.resize(max_item_ + 1);
  for (;;) {
    // Several consumers may wake for one item: whoever loses the race polls again.
    ssize_t n = ::recv(out_, buffer.data(), max_item_ + 1, MSG_DONTWAIT);
    if (n > 0) return Bytes(buffer.begin(), buffer.begin() + n);
    if (n == 0) throw PipeClosed("get: the queue is closed and empty");  // items are never empty
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK)
      throw Error(fmt::format("queue: get failed: {}", sys::error_text(errno)));
    int wait_ms = -1;
    if (timeout) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - clock::now());
      if (left.count() <= 0) return std::nullopt;
      wait_ms = static_cast<int>(left.count());
    }
    ::pollfd p{out_, POLLIN, 0};
    sys::poll_fds(std::span(&p, 1), wait_ms);
  }
}

}  // namespace parkit::detail
