// The tutorials' Monte Carlo pi: batches of random points in the unit square, each batch's
// estimate 4 hits / points, collected through a pool's imap_unordered with a chunksize (the
// tutorial's Pool.imap_unordered(chunksize=4)). Batch b draws from counter-based stream
// (seed, b), and the estimates are combined in batch order, so the result is bit-identical on
// every backend, worker count and chunksize.
#pragma once

#include <cstdint>
#include <vector>

#include "parkit/team.hpp"

namespace parkit::workloads {

struct PiBatch {
  std::uint64_t seed, points, index;
};
struct PiHits {
  std::uint64_t index, hits;
};
// Block i of RandomStream(seed, index) gives points 2i and 2i + 1: (w0, w1) and (w2, w3), each
// word's top 31 bits a coordinate on the grid k / 2^31 of [0, 1). A hit is x^2 + y^2 < 1, tested
// exactly in integers (a^2 + b^2 < 2^62), so no rounding and no FMA contraction can make two
// builds or two kernels disagree. The grid biases the estimate by about 2^-31, far below the
// standard error of any run.
PiHits pi_batch(PiBatch b);
// The hits of a batch: the AVX-512 kernel where the CPU has it (allow_simd), else one block at a
// time; both give the same count.
std::uint64_t pi_hits(const PiBatch& b, bool allow_simd = true) noexcept;

struct PiResult {
  std::vector<double> estimates;   // one per batch, in batch order
  double mean = 0, std_error = 0;  // over batches (mean_error)
};
// UsageError for zero batches, points or chunksize.
PiResult monte_carlo_pi(const Team& team, std::uint64_t batches, std::uint64_t points,
                        std::size_t chunksize, std::uint64_t seed);

}  // namespace parkit::workloads
