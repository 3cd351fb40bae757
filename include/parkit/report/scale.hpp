// The scaling harness's analysis (parkit scale): one workload measured serially and at several
// worker counts on several backends, each point timed `repeat` times. Per point: the minimum and
// median time, speedup and efficiency over the serial run (from minimum times: the least
// disturbed runs of a shared machine), the Karp-Flatt serial fraction; per backend: Amdahl's S
// and P fitted to its points and the serial one.
#pragma once

#include <string>
#include <vector>

#include "parkit/report/amdahl.hpp"
#include "parkit/report/table.hpp"

namespace parkit::report {

struct ScalePoint {
  std::string backend;  // "serial" for the baseline
  int workers = 1;
  std::vector<double> seconds;  // one a repetition
  std::string result;           // compared with the serial point's
};

struct ScaleRow {
  ScalePoint point;
  double min = 0, median = 0, speedup = 1, efficiency = 1;
  double karp_flatt = 0;  // NaN at one worker
  bool same_result = true;
  bool beyond_workers = false;  // speedup > workers: noise (or a cache effect), flagged
};

struct BackendFit {
  std::string backend;
  Amdahl model;
};

struct ScaleReport {
  std::string workload;
  std::vector<ScaleRow> rows;
  std::vector<BackendFit> fits;  // backends with points at two or more worker counts
};

// The median of values (the mean of the middle two for an even count); values must not be empty.
double median(std::vector<double> values);

// points[0] must be the serial baseline (std::invalid_argument otherwise, or for a point
// without times).
ScaleReport analyse_scaling(std::string workload, std::vector<ScalePoint> points);

// backend | workers | min s | median s | speedup | efficiency | Karp-Flatt | result
Table scale_table(const ScaleReport& r);
// Several workloads in one table (the tour): workload | backend | workers | min s | median s |
// speedup | efficiency | result.
Table scale_table(const std::vector<ScaleReport>& reports);

// What the machine is, for the reports.
struct Machine {
  int cores = 1;
  std::string cpu;  // /proc/cpuinfo's model name, or "unknown"
  std::string parkit_version;
};
Machine this_machine();

// scale.csv: workload,backend,workers,repeats,min_s,median_s,speedup,efficiency,karp_flatt,
// same_result,beyond_workers (one line a point; karp_flatt empty at one worker).
std::string scale_csv(const ScaleReport& r);
// Several workloads under one header.
std::string scale_csv(const std::vector<ScaleReport>& reports);
// scale.json: {"machine": {...}, "workload", "points": [...as the CSV, with every time...],
// "fits": [{"backend", "serial_s", "parallel_s", "asymptotic_speedup" (null if unbounded)}]}.
std::string scale_json(const ScaleReport& r, const Machine& m);
// Several workloads: {"machine": {...}, "workloads": [{"workload", "points", "fits"}, ...]}.
std::string scale_json(const std::vector<ScaleReport>& reports, const Machine& m);
// speedup.svg (with the ideal line and each backend's Amdahl fit) and efficiency.svg in dir.
void scale_figures(const ScaleReport& r, const std::string& dir);

}  // namespace parkit::report
