// The tutorials' random walk ("Tim"): start at 0, add steps uniform in [-1, 1], stop when
// |position| >= Y, count the steps; averaged over `samples` walks for each Y of a list.
//
// Walk (Y, s) draws from RandomStream(seed, walk_stream(Y, s)): step k is word k % 4 of block
// k / 4, read as a signed 32-bit integer w and taken as (2w + 1) / 2^32, an odd multiple of 2^-32
// in (-1, 1), symmetric about 0. Positions are kept in integers of 2^-32, so every sum is exact:
// no rounding, the same count in every build, kernel and schedule.
#pragma once

#include <cstdint>
#include <vector>

#include "parkit/team.hpp"

namespace parkit::workloads {

inline std::uint64_t walk_stream(std::uint32_t y, std::uint32_t sample) noexcept {
  return (static_cast<std::uint64_t>(y) << 32) | sample;
}

// Steps to the first crossing of walks (y, first) .. (y, first + count - 1) into steps[0..count):
// eight walkers per AVX-512 register where the CPU has it (allow_simd), else one at a time; both
// give the same counts.
void first_crossings(std::uint64_t seed, std::uint32_t y, std::uint32_t first, std::uint32_t count,
                     std::uint64_t* steps, bool allow_simd = true) noexcept;

inline constexpr std::uint32_t kMaxWalkY = 100000;  // mean walk 3Y^2 = 3e10 steps, ~10 s

// One task: some samples of one Y.
struct WalkChunk {
  std::uint64_t seed;
  std::uint32_t y, y_index, first, count;
};
struct WalkTimes {
  std::uint32_t y_index = 0, first = 0;
  std::vector<std::uint64_t> steps;
  double seconds = 0;  // the task's own time, for the work it took
  template <class A>
  void serialize(A& a) {
    a(y_index, first, steps, seconds);
  }
};
WalkTimes walk_chunk(WalkChunk c);

enum class WalkSchedule {
  per_y,     // the tutorial's pool.map(mean_length, Ylist): one task per Y, in list order
  balanced,  // each Y in chunks of samples, the costliest (Y^2 x samples) handed out first
};

// The tasks of a run. Each (Y, sample) is in exactly one; balanced chunks aim at 1/16 of a
// worker's share of the total cost, and hold at least 32 samples so the SIMD lanes stay busy.
std::vector<WalkChunk> plan_walk(const std::vector<std::uint32_t>& ys, std::uint32_t samples,
                                 std::uint64_t seed, WalkSchedule schedule, int workers);

struct WalkRow {
  std::uint32_t y = 0;
  double mean = 0, std_error = 0;  // std_error: sample standard deviation / sqrt(samples)
};
struct WalkResult {
  std::vector<WalkRow> rows;  // in the order of ys
  double work_seconds = 0;    // the tasks' times added up
  std::size_t tasks = 0;
};
// UsageError for an empty list, Y outside [1, kMaxWalkY] or zero samples.
WalkResult random_walk(const Team& team, const std::vector<std::uint32_t>& ys,
                       std::uint32_t samples, std::uint64_t seed, WalkSchedule schedule);

// The speedup the tutorial's one task per Y can reach with cost Y^2 a task: the critical path
// (total / largest: no worker count does better) and a greedy list schedule of the tasks in list
// order on `workers` workers (what pool.map with chunksize 1 does).
double per_y_critical_path_bound(const std::vector<std::uint32_t>& ys);
double per_y_greedy_bound(const std::vector<std::uint32_t>& ys, int workers);

}  // namespace parkit::workloads
