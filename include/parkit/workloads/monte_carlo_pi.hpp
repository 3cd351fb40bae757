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
// Point j of the batch is (u(2j), u(2j + 1)) from RandomStream(seed, index); a hit is
// x^2 + y^2 <= 1 (the tutorial's test).
PiHits pi_batch(PiBatch b);

struct PiResult {
  std::vector<double> estimates;   // one per batch, in batch order
  double mean = 0, std_error = 0;  // over batches; std_error = population std / sqrt(batches)
};
// UsageError for zero batches, points or chunksize.
PiResult monte_carlo_pi(const Team& team, std::uint64_t batches, std::uint64_t points,
                        std::size_t chunksize, std::uint64_t seed);

}  // namespace parkit::workloads
