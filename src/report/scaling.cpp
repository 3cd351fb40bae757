#include "parkit/report/scaling.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace parkit::report {

double speedup(double serial_seconds, double seconds) { return serial_seconds / seconds; }

double efficiency(double speedup, int workers) { return speedup / workers; }

std::vector<ScalingRow> against_baseline(const std::vector<Measurement>& ms) {
  std::vector<ScalingRow> rows;
  const Measurement* base = nullptr;
  for (const auto& m : ms) {
    if (m.baseline) base = &m;
    if (!base)
      throw std::invalid_argument("against_baseline: the first measurement must be a baseline");
    ScalingRow r{m};
    r.speedup = speedup(base->seconds, m.seconds);
    r.efficiency = efficiency(r.speedup, m.workers);
    r.same_result = m.result == base->result;
    rows.push_back(std::move(r));
  }
  return rows;
}

Table scaling_table(const std::vector<ScalingRow>& rows) {
  Table t({"workload", "backend", "workers", "seconds", "speedup", "efficiency", "result"});
  for (const auto& r : rows)
    t.add_row({r.m.workload, r.m.backend, std::to_string(r.m.workers),
               fmt::format("{:.4f}", r.m.seconds), fmt::format("{:.2f}x", r.speedup),
               fmt::format("{:.0f}%", 100 * r.efficiency), r.same_result ? "= serial" : "DIFFERS"});
  return t;
}

}  // namespace parkit::report
