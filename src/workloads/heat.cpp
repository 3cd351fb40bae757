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

// UsageError unless `p` subdomains of `interior` points each hold a point and `halo` values.
void check_split(std::size_t interior, std::size_t p, std::size_t halo) {
  if (p < 1 || p > interior)
    throw UsageError(fmt::format(
        "--workers: {} subdomains for {} interior points (at most one subdomain a point)", p,
        interior));
  if (halo < 1 || halo > interior / p)
    throw UsageError(
        fmt::format("--halo: must be between 1 and the smallest subdomain ({} points), got {}",
                    interior / p, halo));
}
}  // namespace

HeatSetup heat_setup(std::size_t points, std::optional<std::size_t> steps, int subdomains,
                     std::size_t halo) {
  if (points < 3 || points % 2 == 0)
    throw UsageError(fmt::format("--points: must be odd and at least 3, got {}", points));
  if (subdomains < 1)
    throw UsageError(fmt::format("--workers: must be at least 1, got {}", subdomains));
  check_split(points - 2, static_cast<std::size_t>(subdomains), halo);
  HeatSetup s;
  s.points = points;
  s.h = pi / static_cast<double>(points - 1);
  s.dt = 0.4 * s.h * s.h;
  s.steps = steps ? *steps : static_cast<std::size_t>(5.0 / s.dt);
  s.halo = halo;
  return s;
}

double heat_x(const HeatSetup& s, std::size_t i) {
  return i + 1 == s.points ? pi : static_cast<double>(i) * s.h;
}

namespace {

// Advances the points of cur in [from, to) (local indices) by `steps` steps into next, reading
// cur's values `steps` points beyond each side. One step: the plain sweep. More: temporal
// blocking, tile by tile (a tile and its margins fit in cache): each tile is advanced `steps`
// steps in a small buffer, its region shrinking by a point each side a step, so the big arrays
// are read and written once per pass instead of once per step. Every point is computed by the
// same expression from the same values either way: the results are bit-identical.
void sweep(const std::vector<double>& cur, std::vector<double>& next, std::size_t from,
           std::size_t to, std::size_t steps, std::size_t first_fixed, std::size_t last_fixed,
           double dt, double h2) {
  auto stencil = [dt, h2](double l, double c, double r) {
    return c + dt * ((l - 2 * c + r) / h2 + c);
  };
  if (steps == 1) {
    for (std::size_t k = from; k < to; ++k) next[k] = stencil(cur[k - 1], cur[k], cur[k + 1]);
    return;
  }
  constexpr std::size_t tile = 2048;
  std::vector<double> a, b;
  for (std::size_t ta = from; ta < to; ta += tile) {
    std::size_t tb = std::min(ta + tile, to);
    std::size_t base = ta - steps;  // local index of a[0]
    a.assign(cur.begin() + static_cast<std::ptrdiff_t>(base),
             cur.begin() + static_cast<std::ptrdiff_t>(tb + steps));
    b = a;
    for (std::size_t st = 1; st <= steps; ++st) {
      // The fixed points (the domain's boundaries, and what lies beyond) are never updated.
      std::size_t lo = std::max(ta - steps + st, first_fixed + 1);
      std::size_t hi = std::min(tb + steps - st, last_fixed);
      for (std::size_t k = lo; k < hi; ++k)
        b[k - base] = stencil(a[k - base - 1], a[k - base], a[k - base + 1]);
      std::swap(a, b);
    }
    std::copy(a.begin() + static_cast<std::ptrdiff_t>(ta - base),
              a.begin() + static_cast<std::ptrdiff_t>(tb - base),
              next.begin() + static_cast<std::ptrdiff_t>(ta));
  }
}

}  // namespace

std::vector<double> heat_solve(Comm& c, const HeatSetup& s) {
  const std::size_t interior = s.points - 2;
  const auto p = static_cast<std::size_t>(c.size());
  check_split(interior, p, s.halo);  // the team may not be the one heat_setup was told of
  Range mine = block_range(interior, p, static_cast<std::size_t>(c.rank()));
  const std::size_t m = mine.end - mine.begin, K = s.halo;
  const int left = c.rank() == 0 ? proc_null : c.rank() - 1;
  const int right = c.rank() + 1 == c.size() ? proc_null : c.rank() + 1;
  // cur[K .. K + m) are grid points mine.begin + 1 .. mine.end; K halo values each side (at a
  // domain edge: the boundary, 0, and beyond it nothing that is ever read).
  std::vector<double> cur(m + 2 * K, 0.0), next(m + 2 * K, 0.0);
  for (std::size_t k = 0; k < m; ++k) {
    double x = heat_x(s, mine.begin + 1 + k);
    cur[K + k] = x * (pi - x) / (pi * pi / 4);
  }
  // Local indices of the fixed points: the boundaries where this rank touches them.
  const std::size_t first_fixed = left == proc_null ? K - 1 : 0;
  const std::size_t last_fixed = right == proc_null ? K + m : m + 2 * K - 1;
  for (std::size_t done = 0; done < s.steps;) {
    std::size_t steps = std::min(K, s.steps - done);
    c.sendrecv(std::span<const double>(&cur[K], K), left, std::span<double>(&cur[K + m], K), right,
               to_left);
    c.sendrecv(std::span<const double>(&cur[m], K), right, std::span<double>(&cur[0], K), left,
               to_right);
    sweep(cur, next, K, K + m, steps, first_fixed, last_fixed, s.dt, s.h * s.h);
    std::swap(cur, next);
    done += steps;
  }
  std::vector<double> own(cur.begin() + static_cast<std::ptrdiff_t>(K),
                          cur.begin() + static_cast<std::ptrdiff_t>(K + m));
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
  return {worst, at, scale};
}

}  // namespace parkit::workloads
