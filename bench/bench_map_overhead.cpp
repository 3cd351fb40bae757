// Per-task overhead of parkit::map on empty tasks, against OpenMP's schedule(dynamic,1) on the
// same work (store one result per task). per_task is wall time / tasks (in s, SI-prefixed: n =
// ns, u = µs); the team is started
// inside every iteration, so its start-up is included.
#include <benchmark/benchmark.h>

#include <omp.h>
#include <algorithm>

#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include "parkit/map.hpp"
#include "parkit/run.hpp"

namespace {

// The least disturbed run: these machines are shared and noisy, so compare minima.
double min_of(const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); }

constexpr std::size_t threads_tasks = 1 << 20;
constexpr std::size_t process_tasks = 1 << 16;

void per_task(benchmark::State& state, std::size_t n) {
  state.counters["per_task"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate |
                                                     benchmark::Counter::kInvert);
}

void map_empty(benchmark::State& state, parkit::Backend b, std::size_t n) {
  auto team = parkit::make_team(b, parkit::hardware_workers());
  parkit::MapOptions o{parkit::Schedule::dynamic, static_cast<std::size_t>(state.range(0))};
  for (auto _ : state) {
    auto out = parkit::map(
        team, n, [](std::size_t i) { return static_cast<int>(i); }, o);
    benchmark::DoNotOptimize(out.data());
  }
  per_task(state, n);
}

void BM_map_threads(benchmark::State& s) { map_empty(s, parkit::Backend::threads, threads_tasks); }
void BM_map_processes(benchmark::State& s) {
  map_empty(s, parkit::Backend::processes, process_tasks);
}

void BM_openmp_dynamic1(benchmark::State& state) {
  const int workers = parkit::hardware_workers();
  std::vector<int> out(threads_tasks);
  for (auto _ : state) {
#pragma omp parallel for schedule(dynamic, 1) num_threads(workers)
    for (long i = 0; i < static_cast<long>(threads_tasks); ++i) out[i] = static_cast<int>(i);
    benchmark::DoNotOptimize(out.data());
  }
  per_task(state, threads_tasks);
}

// Issue 13, target 3: an empty run() (one barrier) of a team of `range(0)` ranks, start to
// finish, against the floor it cannot beat: forking that many children that exit at once and
// reaping them.
void BM_empty_run_processes(benchmark::State& state) {
  auto team = parkit::make_team(parkit::Backend::processes, static_cast<int>(state.range(0)));
  for (auto _ : state) parkit::run(team, [](parkit::Comm& c) { c.barrier(); });
}
void BM_empty_run_threads(benchmark::State& state) {
  auto team = parkit::make_team(parkit::Backend::threads, static_cast<int>(state.range(0)));
  for (auto _ : state) parkit::run(team, [](parkit::Comm& c) { c.barrier(); });
}
void BM_raw_fork_exit(benchmark::State& state) {
  for (auto _ : state) {
    for (int r = 1; r < state.range(0); ++r) {
      pid_t pid = ::fork();
      if (pid == 0) ::_exit(0);
      int status = 0;
      ::waitpid(pid, &status, 0);
    }
  }
}

}  // namespace

BENCHMARK(BM_raw_fork_exit)
    ->Arg(2)
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime()
    ->ComputeStatistics("min", min_of);
BENCHMARK(BM_empty_run_processes)
    ->Arg(2)
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime()
    ->ComputeStatistics("min", min_of);
BENCHMARK(BM_empty_run_threads)
    ->Arg(2)
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime()
    ->ComputeStatistics("min", min_of);
BENCHMARK(BM_openmp_dynamic1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->ComputeStatistics("min", min_of);
BENCHMARK(BM_map_threads)
    ->Arg(1)
    ->Arg(64)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->ComputeStatistics("min", min_of);
BENCHMARK(BM_map_processes)
    ->Arg(1)
    ->Arg(64)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->ComputeStatistics("min", min_of);
BENCHMARK_MAIN();
