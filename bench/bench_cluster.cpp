// Issue 14's targets for parkit cluster: the round trip of an empty call through the
// load-balanced view (<= 100 us), empty calls a second with 2 engines (>= 20 000), and a direct
// view's broadcast. The engines are this program (its main runs `engine`); the cluster is
// started once, outside the timings. bench/cluster.sh adds mpi_acf through MPI engines and
// ipyparallel in the same run.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "parkit/cluster.hpp"
#include "parkit/cluster/task.hpp"

namespace {

void nothing() {}
PARKIT_TASK(nothing, nothing);

parkit::Cluster& cluster() {
  static auto c = std::make_unique<parkit::Cluster>(parkit::Cluster::start({.n = 2}));
  return *c;
}

void BM_cluster_round_trip(benchmark::State& state) {
  auto lb = cluster().load_balanced_view();
  for (auto _ : state) lb.apply_sync<void>("nothing");
}

void BM_cluster_broadcast_round_trip(benchmark::State& state) {
  auto all = cluster().broadcast_view();
  for (auto _ : state) all.apply_sync<void>("nothing");
}

// n empty calls in flight at once (apply_async, then every get): the calls a second.
void BM_cluster_throughput(benchmark::State& state) {
  auto lb = cluster().load_balanced_view();
  const auto n = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) {
    std::vector<parkit::AsyncResult<void>> calls;
    calls.reserve(n);
    for (std::size_t i = 0; i < n; ++i) calls.push_back(lb.apply_async<void>("nothing"));
    for (auto& c : calls) c.get();
  }
  state.counters["calls_per_s"] =
      benchmark::Counter(static_cast<double>(n) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}

// One client-controller round trip alone (no engine): the floor under the others' two.
void BM_cluster_status_round_trip(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(cluster().status());
}

// `bench_cluster acf PROFILE BOOK COUNTS REPS`: the tutorials' mpi_acf through the broadcast view
// of a running cluster of MPI engines (parkit cluster start --engines mpi): the client's wall
// time against the longest time an engine reports for the call, their medians over REPS calls.
int acf(const std::string& profile, const std::string& book, const std::string& counts, int reps) {
  auto c = parkit::Cluster::connect(profile);
  auto& client = *c.client();
  auto ids = c.ids();
  std::vector<double> wall, engine, gap;
  for (int r = 0; r < reps; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    auto no = client.submit(
        parkit::cluster::make_call("mpi_acf", book, counts, std::string("/dev/null")), ids);
    auto outs = client.wait(no);
    double w = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    double e = 0;
    for (const auto& o : outs) {
      parkit::cluster::Client::raise_if_failed(o, "mpi_acf");
      e = std::max(e, o.seconds);
    }
    wall.push_back(w);
    engine.push_back(e);
    gap.push_back(w - e);
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  std::printf(
      "mpi_acf on %zu MPI engines, %d calls: client wall %.2f ms, engines %.2f ms, gap %.2f ms "
      "(medians)\n",
      ids.size(), reps, 1e3 * median(wall), 1e3 * median(engine), 1e3 * median(gap));
  return 0;
}

BENCHMARK(BM_cluster_status_round_trip)->UseRealTime();
BENCHMARK(BM_cluster_round_trip)->UseRealTime();
BENCHMARK(BM_cluster_broadcast_round_trip)->UseRealTime();
BENCHMARK(BM_cluster_throughput)->Arg(10000)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "engine") return parkit::engine_main(argc, argv);
  if (argc == 6 && std::string(argv[1]) == "acf")
    return acf(argv[2], argv[3], argv[4], std::atoi(argv[5]));
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
