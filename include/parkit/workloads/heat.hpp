// The tutorials' PDE: f'' = -f on [0, pi] with f(0) = f(pi) = 0, relaxed to its solution (a
// multiple of sin x) by explicit Euler steps of df/dt = f'' + f on a three-point stencil, with
// dt = 0.4 h^2, from the guess x (pi - x) / (pi^2 / 4). Written once over Comm: the interior
// points are split into one block per rank (the remainder to the first ranks, like the
// tutorials), and each step every rank swaps one halo value with each neighbour (sendrecv).
// Every point sees the same arithmetic whatever the split: the result for P ranks on any backend
// equals P = 1 bit for bit.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "parkit/comm.hpp"
#include "parkit/team.hpp"

namespace parkit::workloads {

struct HeatSetup {
  std::size_t points = 51;  // N, odd, >= 3 (the boundaries included)
  double h = 0, dt = 0;     // pi / (N - 1); 0.4 h^2
  std::size_t steps = 0;    // the tutorial's int(5 / dt) unless given
  // Halo width K: K values are swapped with each neighbour every K steps, and each pass sweeps K
  // steps through cache-sized tiles (temporal blocking: the grid crosses the memory bus once per
  // K steps, not every step). Any K gives the same bits as K = 1.
  std::size_t halo = 1;
};

// Checks N (odd, at least 3), the subdomain count (at most N - 2, one interior point each) and
// the halo (at most the smallest subdomain): UsageError naming the option.
HeatSetup heat_setup(std::size_t points, std::optional<std::size_t> steps, int subdomains = 1,
                     std::size_t halo = 1);

// The solution at every point (boundaries included) on rank 0; an empty vector elsewhere.
std::vector<double> heat_solve(Comm& c, const HeatSetup& s);
std::vector<double> heat_solve(const Team& team, const HeatSetup& s);

// The largest |f scaled - sin x| after scaling f to sin x at point N/4 (as the tutorial's plot
// does: the relaxation keeps the shape, not the amplitude).
struct HeatError {
  double max_error;
  std::size_t scaled_at;
  double scale;  // the factor f was multiplied by
};
HeatError heat_error(const std::vector<double>& f, const HeatSetup& s);

// x_i = i h (numpy.linspace(0, pi, N): the last point is pi exactly).
double heat_x(const HeatSetup& s, std::size_t i);

}  // namespace parkit::workloads

namespace parkit::workloads {

// The same in 2D: df/dt = Laplacian f + 2 pi^2 f on the unit square, f = 0 on its edges, whose
// steady shape is sin(pi x) sin(pi y); a five-point stencil on an N x N grid, dt = 0.2 h^2, from
// the guess 16 x (1 - x) y (1 - y). The interior is split px x py (cart_2d); each step every
// rank posts its four halo receives, sends its four edges, updates the points that need no halo
// while they travel, then the rim. Bit-identical for every layout and backend.
struct Heat2DSetup {
  std::size_t points = 51;  // N per side, odd, >= 3
  double h = 0, dt = 0;     // 1 / (N - 1); 0.2 h^2
  std::size_t steps = 0;    // int(0.5 / dt) unless given
};
// UsageError unless N is odd and at least 3 and the layout fits (at most N - 2 ranks a side).
Heat2DSetup heat2d_setup(std::size_t points, std::optional<std::size_t> steps, int ranks = 1);
// Row-major N x N (y rows, x columns) on rank 0; empty elsewhere. px = 0: cart_dims.
std::vector<double> heat2d_solve(Comm& c, const Heat2DSetup& s, int px = 0);
std::vector<double> heat2d_solve(const Team& team, const Heat2DSetup& s, int px = 0);
// Largest |f scaled - sin(pi x) sin(pi y)|, f scaled to it at point (N/4, N/4).
HeatError heat2d_error(const std::vector<double>& f, const Heat2DSetup& s);
double heat2d_x(const Heat2DSetup& s, std::size_t i);  // i h; 1 exactly at the last point

}  // namespace parkit::workloads
