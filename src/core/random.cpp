#include "parkit/random.hpp"

#include <Random123/philox.h>

namespace parkit {

std::array<std::uint32_t, 4> RandomStream::block(std::uint64_t i) const noexcept {
  r123::Philox4x32 rng;
  r123::Philox4x32::ctr_type ctr = {
      {static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i >> 32),
       static_cast<std::uint32_t>(stream_), static_cast<std::uint32_t>(stream_ >> 32)}};
  r123::Philox4x32::key_type key = {
      {static_cast<std::uint32_t>(seed_), static_cast<std::uint32_t>(seed_ >> 32)}};
  auto r = rng(ctr, key);
  return {r[0], r[1], r[2], r[3]};
}

}  // namespace parkit
