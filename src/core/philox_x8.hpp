// Eight Philox4x32-10 blocks at once with AVX-512 (RandomStream::block, vectorised), for the
// Monte Carlo kernels. Each 64-bit lane carries one 32-bit counter/output word in its low half:
// _mm512_mul_epu32 then gives the full 32x32->64 product Philox needs in one instruction, with
// no shuffles. The high halves are ignored on input and hold junk on output.
//
// Functions here carry a target attribute; call them only from functions with the same attribute,
// after avx512_available() said yes. Builds for other CPUs get the scalar kernels.
#pragma once

#include <cstdint>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define PARKIT_HAVE_AVX512_KERNELS 1
// GCC 12's avx512fintrin.h trips its own -Wmaybe-uninitialized (the `__Y` of
// _mm512_undefined_epi32, GCC bug 105593). Late warnings are issued after the header is read, so
// this cannot be pushed and popped; only the two kernel files include this header.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>
#define PARKIT_AVX512 __attribute__((target("avx512f")))

namespace parkit::simd {

inline bool avx512_available() noexcept { return __builtin_cpu_supports("avx512f"); }

// The ten round keys of a seed, broadcast once per kernel call.
struct PhiloxKeys {
  __m512i k0[10], k1[10];
};

PARKIT_AVX512 inline PhiloxKeys philox_keys(std::uint64_t seed) noexcept {
  PhiloxKeys k;
  auto k0 = static_cast<std::uint32_t>(seed), k1 = static_cast<std::uint32_t>(seed >> 32);
  for (int r = 0; r < 10; ++r) {
    k.k0[r] = _mm512_set1_epi64(k0);
    k.k1[r] = _mm512_set1_epi64(k1);
    k0 += 0x9E3779B9u;  // Philox's Weyl constants
    k1 += 0xBB67AE85u;
  }
  return k;
}

// c0..c3: the counter words in, the block's words out (low halves of the lanes).
PARKIT_AVX512 inline void philox_x8(__m512i& c0, __m512i& c1, __m512i& c2, __m512i& c3,
                                    const PhiloxKeys& k) noexcept {
  const __m512i m0 = _mm512_set1_epi64(0xD2511F53u), m1 = _mm512_set1_epi64(0xCD9E8D57u);
  for (int r = 0; r < 10; ++r) {
    __m512i p0 = _mm512_mul_epu32(c0, m0), p1 = _mm512_mul_epu32(c2, m1);
    // 0x96: a ^ b ^ c.
    c0 = _mm512_ternarylogic_epi64(_mm512_srli_epi64(p1, 32), c1, k.k0[r], 0x96);
    c1 = p1;
    c2 = _mm512_ternarylogic_epi64(_mm512_srli_epi64(p0, 32), c3, k.k1[r], 0x96);
    c3 = p0;
  }
}

}  // namespace parkit::simd
#endif
