#include "parkit/workloads/integrate.hpp"

#include <cmath>
#include <numbers>

#include "parkit/run.hpp"

namespace parkit::workloads {

double integrate_row_scalar(int i, int n) noexcept {
  const double h = std::numbers::pi / n;
  const double x = h * (i + 0.5);
  double sum = 0.0;
  for (int j = 0; j < n; ++j) sum += std::sin(x + h * (j + 0.5));
  return sum;
}

IntegrateResult integrate(Comm& c, int n, MapOptions o) {
  const double h = std::numbers::pi / n;
  double sum = map_reduce(
      c, static_cast<std::size_t>(n),
      [n](std::size_t i) { return integrate_row(static_cast<int>(i), n); }, 0.0,
      [](double a, double b) { return a + b; }, o);
  double integral = h * h * sum;
  return {integral, std::abs(integral)};
}

IntegrateResult integrate(const Team& team, int n) {
  return run(team, [n](Comm& c) { return integrate(c, n); });
}

}  // namespace parkit::workloads
