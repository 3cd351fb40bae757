#include "parkit/report/scale.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "parkit/report/plot.hpp"
#include "parkit/team.hpp"
#include "parkit/version.hpp"

namespace parkit::report {

double median(std::vector<double> v) {
  if (v.empty()) throw std::invalid_argument("median of nothing");
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

ScaleReport analyse_scaling(std::string workload, std::vector<ScalePoint> points) {
  if (points.empty() || points.front().backend != "serial")
    throw std::invalid_argument("analyse_scaling: the first point must be the serial baseline");
  ScaleReport r{std::move(workload), {}, {}};
  for (auto& p : points) {
    if (p.seconds.empty()) throw std::invalid_argument("analyse_scaling: a point without times");
    ScaleRow row;
    row.min = *std::min_element(p.seconds.begin(), p.seconds.end());
    row.median = median(p.seconds);
    row.point = std::move(p);
    r.rows.push_back(std::move(row));
  }
  const ScaleRow& base = r.rows.front();
  for (auto& row : r.rows) {
    row.speedup = base.min / row.min;
    row.efficiency = row.speedup / row.point.workers;
    row.karp_flatt = karp_flatt(row.speedup, row.point.workers);
    row.same_result = row.point.result == base.point.result;
    row.beyond_workers = row.speedup > row.point.workers * 1.0001;
  }
  std::vector<std::string> backends;
  for (const auto& row : r.rows)
    if (row.point.backend != "serial" &&
        std::find(backends.begin(), backends.end(), row.point.backend) == backends.end())
      backends.push_back(row.point.backend);
  for (const auto& b : backends) {
    std::vector<TimedPoint> pts{{1, base.min}};
    std::set<int> counts{1};
    for (const auto& row : r.rows)
      if (row.point.backend == b) {
        pts.push_back({row.point.workers, row.min});
        counts.insert(row.point.workers);
      }
    if (counts.size() >= 2) r.fits.push_back({b, fit_amdahl(pts)});
  }
  return r;
}

namespace {

std::string speedup_cell(const ScaleRow& row) {
  return fmt::format("{:.2f}x{}", row.speedup, row.beyond_workers ? " (noise?)" : "");
}

}  // namespace

Table scale_table(const ScaleReport& r) {
  Table t(
      {"backend", "workers", "min s", "median s", "speedup", "efficiency", "Karp-Flatt", "result"});
  for (const auto& row : r.rows)
    t.add_row({row.point.backend, std::to_string(row.point.workers), fmt::format("{:.4f}", row.min),
               fmt::format("{:.4f}", row.median), speedup_cell(row),
               fmt::format("{:.0f}%", 100 * row.efficiency),
               std::isnan(row.karp_flatt) ? "-" : fmt::format("{:.3f}", row.karp_flatt),
               row.same_result ? "= serial" : "DIFFERS"});
  return t;
}

Table scale_table(const std::vector<ScaleReport>& reports) {
  Table t(
      {"workload", "backend", "workers", "min s", "median s", "speedup", "efficiency", "result"});
  for (const auto& r : reports)
    for (const auto& row : r.rows)
      t.add_row({r.workload, row.point.backend, std::to_string(row.point.workers),
                 fmt::format("{:.4f}", row.min), fmt::format("{:.4f}", row.median),
                 speedup_cell(row), fmt::format("{:.0f}%", 100 * row.efficiency),
                 row.same_result ? "= serial" : "DIFFERS"});
  return t;
}

Machine this_machine() {
  Machine m{hardware_workers(), "unknown", version()};
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.starts_with("model name")) {
      auto colon = line.find(':');
      if (colon != std::string::npos) m.cpu = line.substr(line.find_first_not_of(' ', colon + 1));
      break;
    }
  return m;
}

namespace {

constexpr std::string_view csv_header =
    "workload,backend,workers,repeats,min_s,median_s,speedup,efficiency,karp_flatt,same_result,"
    "beyond_workers\n";

std::string csv_rows(const ScaleReport& r) {
  std::string out;
  for (const auto& row : r.rows)
    out += fmt::format("{},{},{},{},{:.9g},{:.9g},{:.6g},{:.6g},{},{},{}\n", csv_field(r.workload),
                       row.point.backend, row.point.workers, row.point.seconds.size(), row.min,
                       row.median, row.speedup, row.efficiency,
                       std::isnan(row.karp_flatt) ? "" : fmt::format("{:.6g}", row.karp_flatt),
                       row.same_result ? 1 : 0, row.beyond_workers ? 1 : 0);
  return out;
}

nlohmann::json machine_json(const Machine& m) {
  return {{"cores", m.cores}, {"cpu", m.cpu}, {"parkit_version", m.parkit_version}};
}

// {"workload", "points", "fits"}
nlohmann::json report_json(const ScaleReport& r) {
  using nlohmann::json;
  json points = json::array();
  for (const auto& row : r.rows) {
    json p = {{"backend", row.point.backend},
              {"workers", row.point.workers},
              {"seconds", row.point.seconds},
              {"min_s", row.min},
              {"median_s", row.median},
              {"speedup", row.speedup},
              {"efficiency", row.efficiency},
              {"same_result", row.same_result},
              {"beyond_workers", row.beyond_workers}};
    p["karp_flatt"] = std::isnan(row.karp_flatt) ? json(nullptr) : json(row.karp_flatt);
    points.push_back(std::move(p));
  }
  json fits = json::array();
  for (const auto& f : r.fits) {
    const double a = f.model.asymptotic_speedup();
    fits.push_back({{"backend", f.backend},
                    {"serial_s", f.model.serial},
                    {"parallel_s", f.model.parallel},
                    {"asymptotic_speedup", std::isinf(a) ? json(nullptr) : json(a)}});
  }
  return {{"workload", r.workload}, {"points", points}, {"fits", fits}};
}

}  // namespace

std::string scale_csv(const ScaleReport& r) { return std::string(csv_header) + csv_rows(r); }

std::string scale_csv(const std::vector<ScaleReport>& reports) {
  std::string out(csv_header);
  for (const auto& r : reports) out += csv_rows(r);
  return out;
}

std::string scale_json(const ScaleReport& r, const Machine& m) {
  auto doc = report_json(r);
  doc["machine"] = machine_json(m);
  return doc.dump(2) + "\n";
}

std::string scale_json(const std::vector<ScaleReport>& reports, const Machine& m) {
  nlohmann::json all = nlohmann::json::array();
  for (const auto& r : reports) all.push_back(report_json(r));
  return nlohmann::json{{"machine", machine_json(m)}, {"workloads", all}}.dump(2) + "\n";
}

void scale_figures(const ScaleReport& r, const std::string& dir) {
  LineChart speedup{r.workload + ": speedup", "workers", "speedup over serial", true, false, {}};
  LineChart efficiency{r.workload + ": efficiency", "workers", "efficiency", true, false, {}};
  int most = 1;
  for (const auto& row : r.rows) most = std::max(most, row.point.workers);
  Series ideal{"ideal", {}, true};
  for (int w = 1; w <= most; w *= 2) ideal.points.emplace_back(w, w);
  if (ideal.points.back().first != most) ideal.points.emplace_back(most, most);
  speedup.series.push_back(ideal);
  for (const auto& f : r.fits) {
    Series s{f.backend, {}}, e{f.backend, {}}, fit{f.backend + ": Amdahl fit", {}, true};
    for (const auto& row : r.rows)
      if (row.point.backend == f.backend || row.point.backend == "serial") {
        s.points.emplace_back(row.point.workers, row.speedup);
        e.points.emplace_back(row.point.workers, row.efficiency);
      }
    std::sort(s.points.begin(), s.points.end());
    std::sort(e.points.begin(), e.points.end());
    for (const auto& [w, _] : ideal.points) fit.points.emplace_back(w, f.model.speedup(w));
    speedup.series.push_back(std::move(s));
    speedup.series.push_back(std::move(fit));
    efficiency.series.push_back(std::move(e));
  }
  line_chart(dir + "/speedup.svg", speedup);
  line_chart(dir + "/efficiency.svg", efficiency);
}

}  // namespace parkit::report
