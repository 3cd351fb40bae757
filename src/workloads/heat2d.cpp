#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "parkit/cart.hpp"
#include "parkit/errors.hpp"
#include "parkit/partition.hpp"
#include "parkit/run.hpp"
#include "parkit/workloads/heat.hpp"

namespace parkit::workloads {

namespace {
constexpr double pi = std::numbers::pi;
enum Tag : int { to_west = 11, to_east = 12, to_south = 13, to_north = 14 };

// One rank's block: rows k = 0..my+1 (y), columns l = 0..mx+1 (x), the outer ring the halo.
struct Block {
  Range xs, ys;
  std::size_t mx, my, stride;
  std::size_t at(std::size_t k, std::size_t l) const { return k * stride + l; }
};

Block block_of(const Heat2DSetup& s, const Cart2D& cart) {
  std::size_t interior = s.points - 2;
  Range xs =
      block_range(interior, static_cast<std::size_t>(cart.px), static_cast<std::size_t>(cart.cx));
  Range ys =
      block_range(interior, static_cast<std::size_t>(cart.py), static_cast<std::size_t>(cart.cy));
  std::size_t mx = xs.end - xs.begin, my = ys.end - ys.begin;
  return {xs, ys, mx, my, mx + 2};
}
}  // namespace

Heat2DSetup heat2d_setup(std::size_t points, std::optional<std::size_t> steps, int ranks) {
  if (points < 3 || points % 2 == 0)
    throw UsageError(fmt::format("--points: must be odd and at least 3, got {}", points));
  int px = 0, py = 0;
  cart_dims(std::max(ranks, 1), px, py);
  if (ranks < 1 || static_cast<std::size_t>(px) > points - 2)
    throw UsageError(fmt::format("--workers: {} ranks ({} x {}) for {} interior points a side",
                                 ranks, px, py, points - 2));
  Heat2DSetup s;
  s.points = points;
  s.h = 1.0 / static_cast<double>(points - 1);
  s.dt = 0.2 * s.h * s.h;
  s.steps = steps ? *steps : static_cast<std::size_t>(0.5 / s.dt);
  return s;
}

double heat2d_x(const Heat2DSetup& s, std::size_t i) {
  return i + 1 == s.points ? 1.0 : static_cast<double>(i) * s.h;
}

std::vector<double> heat2d_solve(Comm& c, const Heat2DSetup& s, int px) {
  const Cart2D cart = cart_2d(c.rank(), c.size(), px);
  if (static_cast<std::size_t>(std::max(cart.px, cart.py)) > s.points - 2)
    throw UsageError(fmt::format("--workers: {} x {} ranks for {} interior points a side", cart.px,
                                 cart.py, s.points - 2));
  const Block b = block_of(s, cart);
  const std::size_t mx = b.mx, my = b.my;
  std::vector<double> cur((mx + 2) * (my + 2), 0.0), next = cur;
  for (std::size_t k = 1; k <= my; ++k)
    for (std::size_t l = 1; l <= mx; ++l) {
      double x = heat2d_x(s, b.xs.begin + l), y = heat2d_x(s, b.ys.begin + k);
      cur[b.at(k, l)] = 16 * x * (1 - x) * y * (1 - y);
    }
  const double h2 = s.h * s.h, dt = s.dt, k2 = 2 * pi * pi;
  // Every point, wherever it lies, is computed by this one expression.
  auto update = [&](std::size_t k, std::size_t l) {
    const double* f = cur.data();
    std::size_t i = b.at(k, l);
    double sum = (f[i - 1] + f[i + 1]) + (f[i - b.stride] + f[i + b.stride]);
    next[i] = f[i] + dt * ((sum - 4 * f[i]) / h2 + k2 * f[i]);
  };
  std::vector<double> west_out(my), east_out(my), west_in(my), east_in(my);
  for (std::size_t step = 0; step < s.steps; ++step) {
    Comm::Request req[4] = {
        c.irecv(std::span<double>(east_in), cart.east, to_west),
        c.irecv(std::span<double>(west_in), cart.west, to_east),
        c.irecv(std::span<double>(&cur[b.at(my + 1, 1)], mx), cart.north, to_south),
        c.irecv(std::span<double>(&cur[b.at(0, 1)], mx), cart.south, to_north)};
    for (std::size_t k = 1; k <= my; ++k) {
      west_out[k - 1] = cur[b.at(k, 1)];
      east_out[k - 1] = cur[b.at(k, mx)];
    }
    c.isend(std::span<const double>(west_out), cart.west, to_west);
    c.isend(std::span<const double>(east_out), cart.east, to_east);
    c.isend(std::span<const double>(&cur[b.at(1, 1)], mx), cart.south, to_south);
    c.isend(std::span<const double>(&cur[b.at(my, 1)], mx), cart.north, to_north);
    // The points that need no halo, while the edges travel.
    for (std::size_t k = 2; k < my; ++k)
      for (std::size_t l = 2; l < mx; ++l) update(k, l);
    Comm::wait_all(req);
    if (cart.east != proc_null)
      for (std::size_t k = 1; k <= my; ++k) cur[b.at(k, mx + 1)] = east_in[k - 1];
    if (cart.west != proc_null)
      for (std::size_t k = 1; k <= my; ++k) cur[b.at(k, 0)] = west_in[k - 1];
    // The rim: the first and last rows, and the first and last columns between them.
    for (std::size_t l = 1; l <= mx; ++l) {
      update(1, l);
      if (my > 1) update(my, l);
    }
    for (std::size_t k = 2; k < my; ++k) {
      update(k, 1);
      if (mx > 1) update(k, mx);
    }
    std::swap(cur, next);
  }
  std::vector<double> own;
  own.reserve(mx * my);
  for (std::size_t k = 1; k <= my; ++k)
    own.insert(own.end(), cur.begin() + static_cast<std::ptrdiff_t>(b.at(k, 1)),
               cur.begin() + static_cast<std::ptrdiff_t>(b.at(k, mx + 1)));
  auto parts = c.gather(own, 0);
  if (c.rank() != 0) return {};
  const std::size_t n = s.points;
  std::vector<double> f(n * n, 0.0);
  for (int r = 0; r < c.size(); ++r) {
    Block rb = block_of(s, cart_2d(r, c.size(), cart.px));
    const auto& part = parts[static_cast<std::size_t>(r)];
    for (std::size_t k = 0; k < rb.my; ++k)
      std::copy_n(
          part.begin() + static_cast<std::ptrdiff_t>(k * rb.mx), rb.mx,
          f.begin() + static_cast<std::ptrdiff_t>((rb.ys.begin + 1 + k) * n + rb.xs.begin + 1));
  }
  return f;
}

std::vector<double> heat2d_solve(const Team& team, const Heat2DSetup& s, int px) {
  return run(team, [&](Comm& c) { return heat2d_solve(c, s, px); });
}

HeatError heat2d_error(const std::vector<double>& f, const Heat2DSetup& s) {
  const std::size_t n = s.points;
  std::size_t at = std::max<std::size_t>(n / 4, 1);
  auto exact = [&](std::size_t i, std::size_t j) {
    return std::sin(pi * heat2d_x(s, i)) * std::sin(pi * heat2d_x(s, j));
  };
  double scale = exact(at, at) / f.at(at * n + at);
  double worst = 0;
  for (std::size_t j = 0; j < n; ++j)
    for (std::size_t i = 0; i < n; ++i)
      worst = std::max(worst, std::abs(f[j * n + i] * scale - exact(i, j)));
  return {worst, at, scale};
}

}  // namespace parkit::workloads
