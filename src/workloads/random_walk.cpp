#include "parkit/workloads/random_walk.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <queue>

#include "parkit/clock.hpp"
#include "parkit/errors.hpp"
#include "parkit/pool_for_team.hpp"
#include "parkit/stats.hpp"

namespace parkit::workloads {
namespace {

double cost(std::uint32_t y) { return static_cast<double>(y) * static_cast<double>(y); }

void check(const std::vector<std::uint32_t>& ys, std::uint32_t samples) {
  if (ys.empty()) throw UsageError("--Y: the list is empty");
  for (std::uint32_t y : ys)
    if (y < 1 || y > kMaxWalkY)
      throw UsageError(fmt::format("--Y: {} is outside [1, {}]", y, kMaxWalkY));
  if (samples == 0) throw UsageError("--samples: must be at least 1");
}

}  // namespace

WalkTimes walk_chunk(WalkChunk c) {
  Stopwatch w;
  WalkTimes t;
  t.y_index = c.y_index;
  t.first = c.first;
  t.steps.resize(c.count);
  first_crossings(c.seed, c.y, c.first, c.count, t.steps.data());
  t.seconds = w.seconds();
  return t;
}

std::vector<WalkChunk> plan_walk(const std::vector<std::uint32_t>& ys, std::uint32_t samples,
                                 std::uint64_t seed, WalkSchedule schedule, int workers) {
  check(ys, samples);
  std::vector<WalkChunk> plan;
  if (schedule == WalkSchedule::per_y) {
    for (std::size_t i = 0; i < ys.size(); ++i)
      plan.push_back({seed, ys[i], static_cast<std::uint32_t>(i), 0, samples});
    return plan;
  }
  double total = 0;
  for (std::uint32_t y : ys) total += cost(y) * samples;
  const double target = total / (16.0 * std::max(workers, 1));
  for (std::size_t i = 0; i < ys.size(); ++i) {
    double chunks = std::ceil(cost(ys[i]) * samples / target);
    auto size = static_cast<std::uint32_t>(std::ceil(samples / std::max(chunks, 1.0)));
    size = std::min(std::max(size, 32u), samples);
    for (std::uint32_t first = 0; first < samples; first += size)
      plan.push_back(
          {seed, ys[i], static_cast<std::uint32_t>(i), first, std::min(size, samples - first)});
  }
  // Costliest first (longest-processing-time order); ties keep list order.
  std::stable_sort(plan.begin(), plan.end(), [](const WalkChunk& a, const WalkChunk& b) {
    return cost(a.y) * a.count > cost(b.y) * b.count;
  });
  return plan;
}

WalkResult random_walk(const Team& team, const std::vector<std::uint32_t>& ys,
                       std::uint32_t samples, std::uint64_t seed, WalkSchedule schedule) {
  auto plan = plan_walk(ys, samples, seed, schedule, team.workers);
  std::vector<std::vector<double>> steps(ys.size(), std::vector<double>(samples));
  WalkResult r;
  r.tasks = plan.size();
  with_pool(team, team.workers, [&](auto& pool) {
    for (const WalkTimes& t : pool.imap_unordered(&walk_chunk, plan, 1)) {
      auto& row = steps.at(t.y_index);
      if (t.first > row.size() || t.steps.size() > row.size() - t.first)
        throw CommError("walk: a task returned samples outside its Y");
      for (std::size_t k = 0; k < t.steps.size(); ++k)
        row[t.first + k] = static_cast<double>(t.steps[k]);
      r.work_seconds += t.seconds;
    }
  });
  for (std::size_t i = 0; i < ys.size(); ++i) {
    MeanError m = mean_error(steps[i]);
    r.rows.push_back({ys[i], m.mean, m.std_error});
  }
  return r;
}

double per_y_critical_path_bound(const std::vector<std::uint32_t>& ys) {
  double total = 0, largest = 0;
  for (std::uint32_t y : ys) {
    total += cost(y);
    largest = std::max(largest, cost(y));
  }
  return largest > 0 ? total / largest : 1.0;
}

double per_y_greedy_bound(const std::vector<std::uint32_t>& ys, int workers) {
  // Each task, in list order, to the worker that is free first.
  std::priority_queue<double, std::vector<double>, std::greater<>> free_at;
  for (int w = 0; w < std::max(workers, 1); ++w) free_at.push(0.0);
  double total = 0, makespan = 0;
  for (std::uint32_t y : ys) {
    double end = free_at.top() + cost(y);
    free_at.pop();
    free_at.push(end);
    total += cost(y);
    makespan = std::max(makespan, end);
  }
  return makespan > 0 ? total / makespan : 1.0;
}

}  // namespace parkit::workloads
