// A framed message on a stream socket: a 16-byte header (tag, magic, length), then the payload.
// The length is a claim, not a fact: a receiver never allocates more than a piece beyond the
// bytes that have really arrived, so a corrupt or hostile header cannot make it allocate what it
// says.
#pragma once

#include <algorithm>
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

// How much of a claimed payload to allocate before its bytes arrive, and how to grow.
inline constexpr std::size_t frame_piece = std::size_t{1} << 20;
inline std::size_t first_piece(std::uint64_t claimed) noexcept {
  return static_cast<std::size_t>(std::min<std::uint64_t>(claimed, frame_piece));
}
inline std::size_t next_piece(std::size_t have, std::uint64_t claimed) noexcept {
  return static_cast<std::size_t>(std::min<std::uint64_t>(claimed, std::uint64_t{have} * 2));
}

struct Frame {
  int tag = 0;
  Bytes data;
};

// Reassembles frames from a non-blocking socket as bytes trickle in, so a reader never blocks
// in the middle of a frame (two ranks sending large messages to each other must both progress).
class FrameReader {
 public:
  // Reads what is available now; calls on_frame for each completed frame. Returns false on EOF.
  template <class OnFrame>
  bool drain(int fd, OnFrame&& on_frame) {
    for (;;) {
      std::span<std::byte> want =
          have_header_ ? std::span<std::byte>(data_).subspan(got_)
                       : std::as_writable_bytes(std::span(&header_, 1)).subspan(got_);
      if (!want.empty()) {
        auto n = read_some(fd, want);
        if (!n) return false;
        if (*n == 0) return true;
        got_ += *n;
        if (*n < want.size()) continue;
      }
      if (!have_header_) {
        check_header();
        have_header_ = true;
        got_ = 0;
        data_.assign(first_piece(header_.size), std::byte{});
        continue;
      }
      if (data_.size() < header_.size) {  // the buffer grows as the bytes really arrive
        data_.resize(next_piece(data_.size(), header_.size));
        continue;
      }
      on_frame(Frame{header_.tag, std::move(data_)});
      have_header_ = false;
      got_ = 0;
      data_.clear();
    }
  }

 private:
  static std::optional<std::size_t> read_some(int fd, std::span<std::byte> out);
  void check_header() const;
  FrameHeader header_{};
  bool have_header_ = false;
  std::size_t got_ = 0;
  Bytes data_;
};

// Returns false if the peer is gone.
bool write_frame(int fd, int tag, std::span<const std::byte> payload);
// Blocks for a whole frame; nullopt when the peer closed (or died) before or during it.
std::optional<Frame> read_frame(int fd);
// Reads a frame whose payload goes straight into `out` (its size must match).
bool read_frame_into(int fd, int& tag, std::span<std::byte> out);

}  // namespace parkit::detail
