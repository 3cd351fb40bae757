// First-crossing times of a random walk (the rule is in random_walk.hpp): eight walkers a lane
// each with AVX-512 where the CPU has it (a lane that finishes takes the next sample), one walker
// at a time otherwise. Integers throughout, so both give the same step counts; a test holds them
// equal.
#include "core/philox_x8.hpp"
#include "parkit/random.hpp"
#include "parkit/workloads/random_walk.hpp"

namespace parkit::workloads {
namespace {

inline std::int64_t step_of(std::uint32_t word) noexcept {
  return 2 * static_cast<std::int64_t>(static_cast<std::int32_t>(word)) + 1;
}

std::uint64_t walk_scalar(std::uint64_t seed, std::uint32_t y, std::uint32_t sample) noexcept {
  RandomStream rng(seed, walk_stream(y, sample));
  const std::int64_t limit = static_cast<std::int64_t>(y) << 32;
  std::int64_t p = 0;
  for (std::uint64_t t = 0;; ++t) {
    auto w = rng.block(t);
    for (int j = 0; j < 4; ++j) {
      p += step_of(w[static_cast<std::size_t>(j)]);
      if (p >= limit || p <= -limit) return 4 * t + static_cast<std::uint64_t>(j) + 1;
    }
  }
}

#ifdef PARKIT_HAVE_AVX512_KERNELS
PARKIT_AVX512 void walk_avx512(std::uint64_t seed, std::uint32_t y, std::uint32_t first,
                               std::uint32_t count, std::uint64_t* steps) noexcept {
  const simd::PhiloxKeys keys = simd::philox_keys(seed);
  const __m512i limit = _mm512_set1_epi64(static_cast<long long>(y) << 32);
  const __m512i stream_hi = _mm512_set1_epi64(y), one = _mm512_set1_epi64(1);
  // Per lane: the walker's sample, its next block, its position (units of 2^-32).
  alignas(64) std::uint64_t sample[8] = {}, block[8] = {};
  alignas(64) std::int64_t pos[8] = {};
  __mmask8 live = 0;
  std::uint32_t next = 0;
  for (int l = 0; l < 8 && next < count; ++l, ++next) {
    sample[l] = first + next;
    live = static_cast<__mmask8>(live | (1u << l));
  }
  __m512i s = _mm512_load_si512(sample), t = _mm512_load_si512(block), p = _mm512_load_si512(pos);
  while (live != 0) {
    __m512i c0 = t, c1 = _mm512_srli_epi64(t, 32), c2 = s, c3 = stream_hi;
    simd::philox_x8(c0, c1, c2, c3, keys);
    const __m512i words[4] = {c0, c1, c2, c3};
    __mmask8 walking = live, crossed = 0;
    __m512i at = _mm512_setzero_si512();  // the step (1..4) of this block where a lane crossed
    for (int j = 0; j < 4; ++j) {
      // (2 * int32(w) + 1): shift the word to the top, arithmetic shift back by 31, set bit 0.
      __m512i step = _mm512_or_si512(_mm512_srai_epi64(_mm512_slli_epi64(words[j], 32), 31), one);
      p = _mm512_mask_add_epi64(p, walking, p, step);
      __mmask8 now = _mm512_mask_cmpge_epi64_mask(walking, _mm512_abs_epi64(p), limit);
      at = _mm512_mask_mov_epi64(at, now, _mm512_set1_epi64(j + 1));
      crossed = static_cast<__mmask8>(crossed | now);
      walking = static_cast<__mmask8>(walking & ~now);
    }
    if (crossed != 0) {
      alignas(64) std::uint64_t at_l[8];
      _mm512_store_si512(at_l, at);
      _mm512_store_si512(sample, s);
      _mm512_store_si512(block, t);
      _mm512_store_si512(pos, p);
      for (int l = 0; l < 8; ++l) {
        if (!(crossed & (1u << l))) continue;
        steps[sample[l] - first] = 4 * block[l] + at_l[l];
        if (next < count) {
          sample[l] = first + next++;
          block[l] = ~0ull;  // becomes 0 below
          pos[l] = 0;
        } else {
          live = static_cast<__mmask8>(live & ~(1u << l));
        }
      }
      s = _mm512_load_si512(sample);
      t = _mm512_load_si512(block);
      p = _mm512_load_si512(pos);
    }
    t = _mm512_add_epi64(t, one);
  }
}
#endif

}  // namespace

void first_crossings(std::uint64_t seed, std::uint32_t y, std::uint32_t first, std::uint32_t count,
                     std::uint64_t* steps, bool allow_simd) noexcept {
#ifdef PARKIT_HAVE_AVX512_KERNELS
  if (allow_simd && simd::avx512_available()) {
    walk_avx512(seed, y, first, count, steps);
    return;
  }
#endif
  (void)allow_simd;
  for (std::uint32_t k = 0; k < count; ++k) steps[k] = walk_scalar(seed, y, first + k);
}

}  // namespace parkit::workloads
