#include "parkit/workloads/heat.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "parkit/errors.hpp"
#include "parkit/partition.hpp"
#include "parkit/run.hpp"

namespace parkit::workloads {

namespace {
constexpr double pi = std::numbers::pi;
enum Tag : int { to_left = 1, to_right = 2 };
}  // namespace

HeatSetup heat_setup(std::size_t points, std::optional<std::size_t> steps, int subdomains) {
  if (points < 3 || points % 2 == 0)
    throw UsageError(fmt::format("--points: must be odd and at least 3, got {}", points));
  if (subdomains < 1 || static_cast<std::size_t>(subdomains) > points - 2)
    throw UsageError(fmt::format(
        "--workers: {} subdomains for {} interior points (at most one subdomain a point)",
        subdomains, points - 2));
  HeatSetup s;
  s.points = points;
  s.h = pi / static_cast<double>(points - 1);
  s.dt = 0.4 * s.h * s.h;
  s.steps = steps ? *steps : static_cast<std::size_t>(5.0 / s.dt);
  return s;
}

double heat_x(const HeatSetup& s, std::size_t i) {
  return i + 1 == s.points ? pi : static_cast<double>(i) * s.h;
}

std::vector<double> heat_solve(Comm& c, const HeatSetup& s) {
  const std::size_t interior = s.points - 2;
  const auto p = static_cast<std::size_t>(c.size());
  if (p > interior)
    throw UsageError(fmt::format("--workers: {} subdomains for {} interior points", p, interior));
  Range mine = block_range(interior, p, static_cast<std::size_t>(c.rank()));
  const std::size_t m = mine.end - mine.begin;
  const int left = c.rank() == 0 ? proc_null : c.rank() - 1;
  const int right = c.rank() + 1 == c.size() ? proc_null : c.rank() + 1;
  // cur[0] and cur[m + 1] are the halo (or the boundary, 0); cur[1..m] are points
  // mine.begin + 1 .. mine.end of the whole grid.
  std::vector<double> cur(m + 2, 0.0), next(m + 2, 0.0);
  for (std::size_t k = 1; k <= m; ++k) {
    double x = heat_x(s, mine.begin + k);
    cur[k] = x * (pi - x) / (pi * pi / 4);
  }
  const double h2 = s.h * s.h, dt = s.dt;
  for (std::size_t step = 0; step < s.steps; ++step) {
    c.sendrecv(std::span<const double>(&cur[1], 1), left, std::span<double>(&cur[m + 1], 1), right,
               to_left);
    c.sendrecv(std::span<const double>(&cur[m], 1), right, std::span<double>(&cur[0], 1), left,
               to_right);
    for (std::size_t k = 1; k <= m; ++k)
      next[k] = cur[k] + dt * ((cur[k - 1] - 2 * cur[k] + cur[k + 1]) / h2 + cur[k]);
    std::swap(cur, next);
  }
  std::vector<double> own(cur.begin() + 1, cur.begin() + static_cast<std::ptrdiff_t>(m) + 1);
  auto parts = c.gather(own, 0);
  if (c.rank() != 0) return {};
  std::vector<double> f{0.0};
  f.reserve(s.points);
  for (const auto& part : parts) f.insert(f.end(), part.begin(), part.end());
  f.push_back(0.0);
  return f;
}

std::vector<double> heat_solve(const Team& team, const HeatSetup& s) {
  return run(team, [&](Comm& c) { return heat_solve(c, s); });
}

HeatError heat_error(const std::vector<double>& f, const HeatSetup& s) {
  std::size_t at = s.points / 4;
  if (at == 0) at = 1;
  double scale = std::sin(heat_x(s, at)) / f.at(at);
  double worst = 0;
  for (std::size_t i = 0; i < f.size(); ++i)
    worst = std::max(worst, std::abs(f[i] * scale - std::sin(heat_x(s, i))));
  return {worst, at};
}

}  // namespace parkit::workloads
