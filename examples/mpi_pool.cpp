// The tutorials' Monte Carlo pi (mcpi.py: batches through imap_unordered, chunksize 4) on a
// TeamPool, mpi4py.futures-style: rank 0 hands batches to the other ranks. Under mpirun:
//   mpirun -np 4 ./build/release/mpi_pool
// Outside mpirun, or on a team of one, rank 0 runs the batches itself.
#include <parkit/mpi.hpp>
#include <parkit/random.hpp>
#include <parkit/run.hpp>
#include <parkit/team_pool.hpp>

#include <cstdint>
#include <cstdio>
#include <vector>

// Darts of one batch inside the quarter circle; batch b draws from its own random stream, so
// the total never depends on which rank ran which batch.
std::int64_t hits(std::uint64_t batch) {
  constexpr std::uint64_t darts = 100'000;
  parkit::RandomStream rng(2026, batch);
  std::int64_t in = 0;
  for (std::uint64_t k = 0; k < darts; ++k) {
    double x = rng.uniform(2 * k), y = rng.uniform(2 * k + 1);
    in += x * x + y * y < 1.0;
  }
  return in;
}

int main() {
  auto team = parkit::make_team(parkit::Backend::mpi, parkit::mpi::world_size());
  std::int64_t inside = parkit::run(team, [](parkit::Comm& c) {
    return parkit::with_team_pool(c, [](parkit::TeamPool& pool) {
      std::vector<std::uint64_t> batches(64);
      for (std::uint64_t b = 0; b < batches.size(); ++b) batches[b] = b;
      std::int64_t sum = 0;
      for (std::int64_t h : pool.imap_unordered(hits, batches, 4)) sum += h;
      return sum;
    });
  });
  if (parkit::leads(team))
    std::printf("pi ~ %.6f from %lld of %d darts, on %d ranks\n", 4.0 * inside / (64 * 100'000.0),
                static_cast<long long>(inside), 64 * 100'000, team.workers);
  return 0;
}
