#include "parkit/workloads/monte_carlo_pi.hpp"

#include "parkit/errors.hpp"
#include "parkit/pool_for_team.hpp"
#include "parkit/stats.hpp"

namespace parkit::workloads {

PiHits pi_batch(PiBatch b) { return {b.index, pi_hits(b)}; }

PiResult monte_carlo_pi(const Team& team, std::uint64_t batches, std::uint64_t points,
                        std::size_t chunksize, std::uint64_t seed) {
  if (batches == 0) throw UsageError("--batches: must be at least 1");
  if (points == 0) throw UsageError("--points: must be at least 1");
  if (chunksize == 0) throw UsageError("--chunksize: must be at least 1");
  std::vector<PiBatch> work;
  work.reserve(batches);
  for (std::uint64_t b = 0; b < batches; ++b) work.push_back({seed, points, b});
  PiResult r;
  r.estimates.assign(batches, 0.0);
  with_pool(team, team.workers, [&](auto& pool) {
    for (const PiHits& h : pool.imap_unordered(&pi_batch, work, chunksize))
      r.estimates.at(h.index) = 4.0 * static_cast<double>(h.hits) / static_cast<double>(points);
  });
  // In batch order, whatever order they finished in.
  MeanError m = mean_error(r.estimates);
  r.mean = m.mean;
  r.std_error = m.std_error;
  return r;
}

}  // namespace parkit::workloads
