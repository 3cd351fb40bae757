// Per-task cost of the pools, team start excluded (the pool is built once): ProcessPool and
// ThreadPool map over small tasks at chunksize 1 and 64, and submit + get round trips. These
// go through the pools' dispatchers (ProcessPool's shared Dispatcher; see decision 0009).
#include <benchmark/benchmark.h>

#include <vector>

#include "parkit/process_pool.hpp"
#include "parkit/thread_pool.hpp"

namespace {

int twice(int x) { return 2 * x; }

template <class Pool>
void BM_pool_map(benchmark::State& state) {
  Pool pool(2);
  std::vector<int> items(4096);
  for (int i = 0; i < 4096; ++i) items[i] = i;
  auto chunk = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(pool.map(twice, items, chunk));
  state.counters["per_task"] = benchmark::Counter(
      static_cast<double>(items.size()) * static_cast<double>(state.iterations()),
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

template <class Pool>
void BM_pool_submit_round_trip(benchmark::State& state) {
  Pool pool(1);
  for (auto _ : state) benchmark::DoNotOptimize(pool.submit(twice, 21).get());
}

BENCHMARK_TEMPLATE(BM_pool_map, parkit::ProcessPool)->Arg(1)->Arg(64)->UseRealTime();
BENCHMARK_TEMPLATE(BM_pool_map, parkit::ThreadPool)->Arg(1)->Arg(64)->UseRealTime();
BENCHMARK_TEMPLATE(BM_pool_submit_round_trip, parkit::ProcessPool)->UseRealTime();
BENCHMARK_TEMPLATE(BM_pool_submit_round_trip, parkit::ThreadPool)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
