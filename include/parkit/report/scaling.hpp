// What parallelism bought: speedup and efficiency of measured runs against their serial
// baseline, and the table the tour prints. The scaling harness builds on this.
#pragma once

#include <string>
#include <vector>

#include "parkit/report/table.hpp"

namespace parkit::report {

// serial_seconds / seconds.
double speedup(double serial_seconds, double seconds);
// speedup / workers.
double efficiency(double speedup, int workers);

struct Measurement {
  std::string workload;
  std::string backend;
  int workers = 1;
  double seconds = 0;
  std::string result;     // compared with the baseline's
  bool baseline = false;  // the serial run that the rows after it (until the next) compare with
};

struct ScalingRow {
  Measurement m;
  double speedup = 1, efficiency = 1;
  bool same_result = true;  // equals the baseline's result
};

// Each measurement against the latest baseline at or before it. Throws std::invalid_argument
// when the first measurement is not a baseline.
std::vector<ScalingRow> against_baseline(const std::vector<Measurement>& ms);

// workload | backend | workers | seconds | speedup | efficiency | result
Table scaling_table(const std::vector<ScalingRow>& rows);

}  // namespace parkit::report
