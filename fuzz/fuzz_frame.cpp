// Fuzz target: what a team socket may receive from a peer. The bytes go through a socketpair to
// both frame readers (the incremental FrameReader of the processes transport and the blocking
// read_frame): a bad header is a CommError, a short frame is the peer gone, and no claimed size
// is allocated before its bytes arrive.
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/frame.hpp"
#include "parkit/errors.hpp"

namespace {
// A socketpair holding `bytes` then end-of-file, read end returned (non-blocking if asked).
int loaded(const std::uint8_t* data, std::size_t size, bool nonblocking) {
  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) __builtin_trap();
  int big = 1 << 20;
  ::setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
  ::setsockopt(sv[1], SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
  std::size_t sent = 0;
  while (sent < size) {
    ssize_t n = ::write(sv[0], data + sent, size - sent);
    if (n <= 0) __builtin_trap();
    sent += static_cast<std::size_t>(n);
  }
  ::close(sv[0]);
  if (nonblocking) ::fcntl(sv[1], F_SETFL, ::fcntl(sv[1], F_GETFL) | O_NONBLOCK);
  return sv[1];
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 200'000) return 0;  // must fit in the socket's buffer
  using namespace parkit::detail;
  std::size_t frames = 0, bytes = 0;
  int fd = loaded(data, size, true);
  try {
    FrameReader reader;
    while (reader.drain(fd, [&](Frame&& f) {
      ++frames;
      bytes += f.data.size();
    })) {
    }
  } catch (const parkit::CommError&) {
  }
  ::close(fd);
  if (bytes + 16 * frames > size) __builtin_trap();  // every byte delivered really arrived

  fd = loaded(data, size, false);
  try {
    while (auto f = read_frame(fd))
      if (f->data.size() > size) __builtin_trap();
  } catch (const parkit::CommError&) {
  }
  ::close(fd);
  return 0;
}
