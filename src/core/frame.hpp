// A framed message on a stream socket: a 16-byte header (tag, magic, length), then the payload.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "parkit/serialization.hpp"

namespace parkit::detail {

struct FrameHeader {
  std::int32_t tag;
  std::uint32_t magic;
  std::uint64_t size;
};
static_assert(sizeof(FrameHeader) == 16);
FrameHeader frame_header(int tag, std::size_t size) noexcept;

struct Frame {
  int tag = 0;
  Bytes data;
};

// Returns false if the peer is gone.
bool write_frame(int fd, int tag, std::span<const std::byte> payload);
// Blocks for a whole frame; nullopt when the peer closed (or died) before or during it.
std::optional<Frame> read_frame(int fd);
// Reads a frame whose payload goes straight into `out` (its size must match).
bool read_frame_into(int fd, int& tag, std::span<std::byte> out);

}  // namespace parkit::detail
