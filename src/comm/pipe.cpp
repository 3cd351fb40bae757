#include "parkit/pipe.hpp"

#include <poll.h>
#include <unistd.h>

#include "core/frame.hpp"
#include "core/sys.hpp"
#include "parkit/errors.hpp"

namespace parkit {

namespace {
constexpr int spin_us = 100;  // as the processes transport's waits
}  // namespace

PipeEnd& PipeEnd::operator=(PipeEnd&& o) noexcept {
  if (this != &o) {
    close();
    fd_ = o.fd_;
    o.fd_ = -1;
  }
  return *this;
}

void PipeEnd::close() noexcept {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void PipeEnd::send_bytes(std::span<const std::byte> payload) {
  if (fd_ < 0) throw Error("send on a closed pipe end");
  if (!detail::write_frame(fd_, 0, payload))
    throw PipeClosed("send: the other end of the pipe is closed");
}

Bytes PipeEnd::recv_bytes() {
  if (fd_ < 0) throw Error("recv on a closed pipe end");
  // Poll briefly before sleeping, as the processes transport does: an idle core of a virtual
  // machine takes tens of microseconds to wake, and a reply often comes sooner than that.
  ::pollfd p{fd_, POLLIN, 0};
  sys::poll_fds_spin(std::span(&p, 1), -1, spin_us);
  auto f = detail::read_frame(fd_);
  if (!f) throw PipeClosed("recv: the other end of the pipe is closed");
  return std::move(f->data);
}

bool PipeEnd::poll(std::chrono::milliseconds timeout) const {
  if (fd_ < 0) throw Error("poll on a closed pipe end");
  ::pollfd p{fd_, POLLIN, 0};
  return sys::poll_fds(std::span(&p, 1), static_cast<int>(timeout.count())) > 0;
}

std::pair<PipeEnd, PipeEnd> make_pipe() {
  auto [a, b] = sys::socket_pair();
  return {PipeEnd(a.release()), PipeEnd(b.release())};
}

}  // namespace parkit
