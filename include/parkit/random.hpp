// Counter-based random numbers (Random123's Philox4x32-10): the value for (seed, stream, index)
// is a pure function of the three, so results never depend on worker count, chunk size or
// scheduling order (DESIGN.md, "Reproducibility").
#pragma once

#include <cstdint>

namespace parkit {

class RandomStream {
 public:
  RandomStream(std::uint64_t seed, std::uint64_t stream) noexcept : seed_(seed), stream_(stream) {}
  // 64 random bits for draw number i.
  std::uint64_t bits(std::uint64_t i) const noexcept;
  // Uniform in [0, 1) with 53 random bits, for draw number i.
  double uniform(std::uint64_t i) const noexcept {
    return static_cast<double>(bits(i) >> 11) * 0x1.0p-53;
  }

 private:
  std::uint64_t seed_, stream_;
};

}  // namespace parkit
