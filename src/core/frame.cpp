#include "core/frame.hpp"

#include <fmt/format.h>

#include "core/sys.hpp"

namespace parkit::detail {

namespace {
constexpr std::uint32_t magic = 0x70726b74;  // "prkt"
using Header = FrameHeader;

std::optional<Header> read_header(int fd) {
  Header h{};
  if (!sys::recv_all(fd, std::as_writable_bytes(std::span(&h, 1)))) return std::nullopt;
  if (h.magic != magic) throw CommError("corrupt message header on a team socket");
  return h;
}
}  // namespace

std::optional<std::size_t> FrameReader::read_some(int fd, std::span<std::byte> out) {
  return sys::recv_some(fd, out);
}

void FrameReader::check_header() const {
  if (header_.magic != magic) throw CommError("corrupt message header on a team socket");
}

FrameHeader frame_header(int tag, std::size_t size) noexcept { return {tag, magic, size}; }

bool write_frame(int fd, int tag, std::span<const std::byte> payload) {
  Header h = frame_header(tag, payload.size());
  iovec iov[2] = {{&h, sizeof h}, {const_cast<std::byte*>(payload.data()), payload.size()}};
  return sys::send_all(fd, std::span(iov, payload.empty() ? 1 : 2));
}

std::optional<Frame> read_frame(int fd) {
  auto h = read_header(fd);
  if (!h) return std::nullopt;
  Frame f{h->tag, Bytes(first_piece(h->size))};
  std::size_t got = 0;
  for (;;) {
    if (!sys::recv_all(fd, std::span(f.data).subspan(got))) return std::nullopt;
    got = f.data.size();
    if (got == h->size) return f;
    f.data.resize(next_piece(got, h->size));  // grows only as the bytes really arrive
  }
}

bool read_frame_into(int fd, int& tag, std::span<std::byte> out) {
  auto h = read_header(fd);
  if (!h) return false;
  if (h->size != out.size())
    throw CommError(fmt::format("received {} bytes into a buffer of {}", h->size, out.size()));
  tag = h->tag;
  return sys::recv_all(fd, out);
}

}  // namespace parkit::detail
