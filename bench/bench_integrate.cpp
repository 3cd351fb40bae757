// integrate at several n: parkit on each backend against a hand-written single-thread SIMD loop
// of the same sum, built with the same flags as the library's kernel.
#include <benchmark/benchmark.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

#include <cmath>
#include <numbers>

#include "parkit/workloads/integrate.hpp"

namespace {

// The least disturbed run: these machines are shared and noisy, so compare minima.
double min_of(const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); }

#if defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#endif
double
handwritten(int n) {
  const double h = std::numbers::pi / n;
  double total = 0;
  for (int i = 0; i < n; ++i) {
    const double x = h * (i + 0.5);
    double sum = 0;
#pragma omp simd reduction(+ : sum)
    for (int j = 0; j < n; ++j) sum += std::sin(x + h * (j + 0.5));
    total += sum;
  }
  return h * h * total;
}

void BM_handwritten(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(handwritten(static_cast<int>(state.range(0))));
}

// The plain scalar loop (built without -ffast-math in the library): shows what SIMD buys.
void BM_scalar_loop(benchmark::State& state) {
  int n = static_cast<int>(state.range(0));
  for (auto _ : state) {
    double t = 0;
    for (int i = 0; i < n; ++i) t += parkit::workloads::integrate_row_scalar(i, n);
    benchmark::DoNotOptimize(t);
  }
}

// The least a forked split can cost: fork one child, each process sums half the rows, the child
// leaves its sum in shared memory. What parkit's processes backend is measured against.
void BM_raw_fork_split(benchmark::State& state) {
  int n = static_cast<int>(state.range(0));
  auto* shared = static_cast<double*>(
      mmap(nullptr, sizeof(double), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
  for (auto _ : state) {
    pid_t pid = fork();
    if (pid == 0) {
      double c = 0;
      for (int i = n / 2; i < n; ++i) c += parkit::workloads::integrate_row(i, n);
      *shared = c;
      _exit(0);
    }
    double a = 0;
    for (int i = 0; i < n / 2; ++i) a += parkit::workloads::integrate_row(i, n);
    waitpid(pid, nullptr, 0);
    benchmark::DoNotOptimize(a + *shared);
  }
  munmap(shared, sizeof(double));
}

void run_backend(benchmark::State& state, parkit::Backend b) {
  int workers = b == parkit::Backend::serial ? 1 : parkit::hardware_workers();
  auto team = parkit::make_team(b, workers);
  for (auto _ : state)
    benchmark::DoNotOptimize(parkit::workloads::integrate(team, static_cast<int>(state.range(0))));
}
void BM_serial(benchmark::State& s) { run_backend(s, parkit::Backend::serial); }
void BM_threads(benchmark::State& s) { run_backend(s, parkit::Backend::threads); }
void BM_processes(benchmark::State& s) { run_backend(s, parkit::Backend::processes); }

}  // namespace

#define PARKIT_SIZES                  \
  ->Arg(1000)                         \
      ->Arg(3000)                     \
      ->Arg(10000)                    \
      ->Unit(benchmark::kMillisecond) \
      ->UseRealTime()                 \
      ->ComputeStatistics("min", min_of)
BENCHMARK(BM_scalar_loop) PARKIT_SIZES;
BENCHMARK(BM_handwritten) PARKIT_SIZES;
BENCHMARK(BM_serial) PARKIT_SIZES;
BENCHMARK(BM_threads) PARKIT_SIZES;
BENCHMARK(BM_processes) PARKIT_SIZES;
BENCHMARK(BM_raw_fork_split) PARKIT_SIZES;
BENCHMARK_MAIN();
