#include "parkit/stats.hpp"

#include <cmath>

namespace parkit {

MeanError mean_error(std::span<const double> values) {
  MeanError r;
  if (values.empty()) return r;
  const auto n = static_cast<double>(values.size());
  double sum = 0;
  for (double v : values) sum += v;
  r.mean = sum / n;
  if (values.size() < 2) return r;
  double sq = 0;
  for (double v : values) sq += (v - r.mean) * (v - r.mean);
  r.std_error = std::sqrt(sq / (n - 1)) / std::sqrt(n);
  return r;
}

}  // namespace parkit
