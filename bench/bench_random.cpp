// Issue 11: the Monte Carlo kernels, AVX-512 against the scalar path over the same draws (the
// check that the SIMD kernels really are vectorised: their ratio, not an absolute time).
#include <benchmark/benchmark.h>

#include <vector>

#include "parkit/workloads/monte_carlo_pi.hpp"
#include "parkit/workloads/random_walk.hpp"

namespace {

using parkit::workloads::first_crossings;
using parkit::workloads::pi_hits;

// 10^6 points a batch; arg 1 = SIMD allowed.
void BM_pi_batch(benchmark::State& state) {
  const bool simd = state.range(0) != 0;
  std::uint64_t index = 0;
  for (auto _ : state) benchmark::DoNotOptimize(pi_hits({1, 1000000, index++}, simd));
  state.SetItemsProcessed(state.iterations() * 1000000);
  state.SetLabel(simd ? "avx512 (if the CPU has it)" : "scalar");
}
BENCHMARK(BM_pi_batch)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// 64 walks to |y| = 50 (about 7,500 steps each); items = steps.
void BM_walk_chunk(benchmark::State& state) {
  const bool simd = state.range(0) != 0;
  std::vector<std::uint64_t> steps(64);
  std::uint64_t total = 0;
  std::uint32_t first = 0;
  for (auto _ : state) {
    first_crossings(1, 50, first, 64, steps.data(), simd);
    first += 64;
    for (auto s : steps) total += s;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(total));
  state.SetLabel(simd ? "avx512 (if the CPU has it)" : "scalar");
}
BENCHMARK(BM_walk_chunk)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
