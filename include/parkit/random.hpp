// Counter-based random numbers (Random123's Philox4x32-10): the value for (seed, stream, index)
// is a pure function of the three, so results never depend on worker count, chunk size or
// scheduling order (DESIGN.md, "Reproducibility").
//
// Block i of stream (seed, stream) is Philox4x32-10 with key (seed low 32 bits, seed high 32 bits)
// and counter (i low, i high, stream low, stream high): four 32-bit words. Workloads build their
// draws from blocks by documented rules (docs/random.md); the SIMD kernels compute the same
// blocks eight at a time, and tests hold them to this function.
#pragma once

#include <array>
#include <cstdint>

namespace parkit {

class RandomStream {
 public:
  RandomStream(std::uint64_t seed, std::uint64_t stream) noexcept : seed_(seed), stream_(stream) {}
  // The four 32-bit words of block i.
  std::array<std::uint32_t, 4> block(std::uint64_t i) const noexcept;
  // 64 random bits for draw number i: words 0 (high half) and 1 (low half) of block i.
  std::uint64_t bits(std::uint64_t i) const noexcept {
    auto b = block(i);
    return (static_cast<std::uint64_t>(b[0]) << 32) | b[1];
  }
  // Uniform in [0, 1) with 53 random bits, for draw number i.
  double uniform(std::uint64_t i) const noexcept {
    return static_cast<double>(bits(i) >> 11) * 0x1.0p-53;
  }

 private:
  std::uint64_t seed_, stream_;
};

}  // namespace parkit
