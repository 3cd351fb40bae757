// The hits of a batch of pi (the rule is in monte_carlo_pi.hpp): eight Philox blocks, sixteen
// points, per AVX-512 step where the CPU has it, one block at a time otherwise. Both count the
// same points the same way, exactly (integers throughout), and a test holds them equal.
#include "core/philox_x8.hpp"
#include "parkit/random.hpp"
#include "parkit/workloads/monte_carlo_pi.hpp"

namespace parkit::workloads {
namespace {

constexpr std::uint64_t kRadius2 = 1ull << 62;  // (2^31)^2: the unit circle on the 31-bit grid

inline std::uint64_t hit(std::uint32_t x, std::uint32_t y) noexcept {
  std::uint64_t a = x >> 1, b = y >> 1;
  return a * a + b * b < kRadius2 ? 1 : 0;
}

// Points [2 * first_block, points) of the batch, one block at a time.
std::uint64_t hits_scalar(const PiBatch& b, std::uint64_t first_block) noexcept {
  RandomStream rng(b.seed, b.index);
  std::uint64_t hits = 0;
  for (std::uint64_t i = first_block; 2 * i < b.points; ++i) {
    auto w = rng.block(i);
    hits += hit(w[0], w[1]);
    if (2 * i + 1 < b.points) hits += hit(w[2], w[3]);
  }
  return hits;
}

#ifdef PARKIT_HAVE_AVX512_KERNELS
// Hits among the first 16 * (whole blocks / 8) points; *done = the blocks it covered.
PARKIT_AVX512 std::uint64_t hits_avx512(const PiBatch& b, std::uint64_t* done) noexcept {
  const std::uint64_t groups = (b.points / 2) / 8;
  const simd::PhiloxKeys keys = simd::philox_keys(b.seed);
  const __m512i lane = _mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7);
  const __m512i stream_lo = _mm512_set1_epi64(static_cast<std::uint32_t>(b.index));
  const __m512i stream_hi = _mm512_set1_epi64(static_cast<std::uint32_t>(b.index >> 32));
  const __m512i radius2 = _mm512_set1_epi64(static_cast<long long>(kRadius2));
  std::uint64_t hits = 0;
  for (std::uint64_t g = 0; g < groups; ++g) {
    const std::uint64_t block = 8 * g;
    __m512i c0 = _mm512_add_epi64(lane, _mm512_set1_epi64(static_cast<long long>(block)));
    __m512i c1 = _mm512_srli_epi64(c0, 32), c2 = stream_lo, c3 = stream_hi;
    simd::philox_x8(c0, c1, c2, c3, keys);
    // x >> 1 per 32-bit word; _mm512_mul_epu32 reads only the low word of each lane.
    __m512i x0 = _mm512_srli_epi32(c0, 1), y0 = _mm512_srli_epi32(c1, 1);
    __m512i x1 = _mm512_srli_epi32(c2, 1), y1 = _mm512_srli_epi32(c3, 1);
    __m512i r0 = _mm512_add_epi64(_mm512_mul_epu32(x0, x0), _mm512_mul_epu32(y0, y0));
    __m512i r1 = _mm512_add_epi64(_mm512_mul_epu32(x1, x1), _mm512_mul_epu32(y1, y1));
    hits += static_cast<std::uint64_t>(__builtin_popcount(_mm512_cmplt_epu64_mask(r0, radius2)) +
                                       __builtin_popcount(_mm512_cmplt_epu64_mask(r1, radius2)));
  }
  *done = 8 * groups;
  return hits;
}
#endif

}  // namespace

std::uint64_t pi_hits(const PiBatch& b, bool allow_simd) noexcept {
#ifdef PARKIT_HAVE_AVX512_KERNELS
  if (allow_simd && simd::avx512_available()) {
    std::uint64_t done = 0;
    std::uint64_t hits = hits_avx512(b, &done);
    return hits + hits_scalar(b, done);
  }
#endif
  (void)allow_simd;
  return hits_scalar(b, 0);
}

}  // namespace parkit::workloads
