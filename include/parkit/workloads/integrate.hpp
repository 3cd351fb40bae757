// The tutorials' 2D midpoint integration of sin(x + y) over [0, pi]^2 with n bins per axis.
// Each row of the grid is one task; rows are summed in row order, so every backend and worker
// count gives the same bits.
#pragma once

#include "parkit/comm.hpp"
#include "parkit/map.hpp"
#include "parkit/team.hpp"

namespace parkit::workloads {

struct IntegrateResult {
  double integral = 0;
  double error = 0;  // |integral - exact|; the exact value is 0
};

// Sum over j of sin(x_i + y_j) for row i of an n x n grid (vectorised, see the kernel file).
double integrate_row(int i, int n) noexcept;
// The same sum written as the plain scalar loop, for tests and the benchmark's baseline.
double integrate_row_scalar(int i, int n) noexcept;

// Collective over the team: every rank gets the result.
IntegrateResult integrate(Comm& c, int n);
// Starts a team for the call; the caller gets the result.
IntegrateResult integrate(const Team& team, int n);

}  // namespace parkit::workloads
