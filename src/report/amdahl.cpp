#include "parkit/report/amdahl.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "parkit/errors.hpp"

namespace parkit::report {

double Amdahl::asymptotic_speedup() const {
  if (serial <= 0) return std::numeric_limits<double>::infinity();
  return (serial + parallel) / serial;
}

Amdahl make_amdahl(double serial, double parallel) {
  if (!std::isfinite(serial) || serial < 0)
    throw UsageError(fmt::format("--serial: must be a time >= 0, got {}", serial));
  if (!std::isfinite(parallel) || parallel <= 0)
    throw UsageError(fmt::format("--parallel: must be a time > 0, got {}", parallel));
  return {serial, parallel};
}

Amdahl fit_amdahl(const std::vector<TimedPoint>& points) {
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (const auto& p : points) {
    if (p.workers < 1) throw std::invalid_argument("fit_amdahl: workers must be >= 1");
    const double x = 1.0 / p.workers;
    n += 1;
    sx += x;
    sy += p.seconds;
    sxx += x * x;
    sxy += x * p.seconds;
  }
  const double det = n * sxx - sx * sx;
  // Relative to the spread a single pair of distinct counts gives (1 and 1/1024 at most).
  if (points.size() < 2 || det <= 1e-12 * n * n)
    throw std::invalid_argument("fit_amdahl: needs points at two different worker counts");
  const double parallel = (n * sxy - sx * sy) / det;
  return {(sy - parallel * sx) / n, parallel};
}

double karp_flatt(double speedup, int workers) {
  if (workers <= 1) return std::numeric_limits<double>::quiet_NaN();
  const double p = workers;
  return (1.0 / speedup - 1.0 / p) / (1.0 - 1.0 / p);
}

double serial_fraction_for(double speedup, double workers) {
  if (workers <= 0) return 1.0 / speedup;
  if (workers == 1) return speedup <= 1 ? 1.0 : -1.0;
  return (workers / speedup - 1.0) / (workers - 1.0);
}

}  // namespace parkit::report
