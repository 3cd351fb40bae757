// parkit amdahl: the tutorials' performance model, T(w) = S + P / w, as a table and three plots.
#include <fmt/format.h>

#include <cmath>
#include <set>

#include "cli.hpp"
#include "parkit/errors.hpp"
#include "parkit/files.hpp"
#include "parkit/report/amdahl.hpp"
#include "parkit/report/plot.hpp"
#include "parkit/report/table.hpp"

namespace parkit::cli {

namespace {

// 1, 2, 4, ... up to `workers`, and `workers` itself.
std::vector<int> table_points(int workers) {
  std::vector<int> out;
  for (long long w = 1; w < workers; w *= 2) out.push_back(static_cast<int>(w));
  out.push_back(workers);
  return out;
}

// About 100 worker counts spread evenly on a log scale from 1 to `workers` (all of them when
// there are fewer), for smooth curves.
std::vector<int> curve_points(int workers) {
  std::set<int> ws{1, workers};
  for (int k = 0; k <= 100; ++k)
    ws.insert(static_cast<int>(std::lround(std::pow(workers, k / 100.0))));
  return {ws.begin(), ws.end()};
}

std::string percent(double fraction) { return fmt::format("{:.3g} %", 100 * fraction); }

std::string want_line(double want, int workers) {
  const double unlimited = report::serial_fraction_for(want);
  const double here = report::serial_fraction_for(want, workers);
  std::string out = fmt::format(
      "for a speedup of {:g}x at most {} of the work may be serial on "
      "unlimited workers",
      want, percent(unlimited));
  if (here < 0)
    return out + fmt::format("; on {} workers it cannot be had (at most {}x)\n", workers, workers);
  return out + fmt::format("; on {} workers at most {}\n", workers, percent(here));
}

void write_outputs(const std::string& dir, const report::Amdahl& m, int workers) {
  std::string csv = "workers,seconds,speedup,efficiency\n";
  for (int w : table_points(workers))
    csv += fmt::format("{},{:.9g},{:.9g},{:.9g}\n", w, m.time(w), m.speedup(w), m.efficiency(w));
  write_file_atomic(dir + "/amdahl.csv", csv);
  report::Series time{"T(w) = S + P/w", {}}, speedup{"Amdahl", {}}, ideal{"ideal (w)", {}, true},
      efficiency{"efficiency", {}};
  for (int w : curve_points(workers)) {
    time.points.emplace_back(w, m.time(w));
    speedup.points.emplace_back(w, m.speedup(w));
    // The ideal line only as far as it keeps Amdahl's curve readable.
    if (w <= 1.5 * m.speedup(workers)) ideal.points.emplace_back(w, w);
    efficiency.points.emplace_back(w, m.efficiency(w));
  }
  std::string title = fmt::format("Amdahl: S = {:g} s, P = {:g} s", m.serial, m.parallel);
  report::line_chart(dir + "/time.svg", {title, "workers", "time (s)", true, true, {time}});
  report::line_chart(dir + "/speedup.svg",
                     {title, "workers", "speedup", true, false, {speedup, ideal}});
  report::line_chart(dir + "/efficiency.svg",
                     {title, "workers", "efficiency", true, false, {efficiency}});
}

}  // namespace

Command add_amdahl(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "amdahl",
      "Amdahl's law T(w) = S + P/w: time, speedup and efficiency against workers, the "
      "asymptotic speedup (S+P)/S, and the serial fraction a wanted speedup allows");
  struct Args {
    double serial = 0, parallel = 0, want = 0;
    int workers = 200;
    std::string out;
  };
  auto a = std::make_shared<Args>();
  sub->add_option("--serial", a->serial, "S: seconds that only one worker can run")->required();
  sub->add_option("--parallel", a->parallel, "P: seconds that divide among the workers")
      ->required();
  sub->add_option("--workers", a->workers, "the largest worker count shown")
      ->transform(int_in_range(1, 1000000))
      ->capture_default_str();
  auto* want = sub->add_option(
      "--want", a->want, "a speedup to reach: prints the largest serial fraction that allows it");
  sub->add_option("--out", a->out,
                  "a folder for amdahl.csv and the plots time.svg (log axes), speedup.svg, "
                  "efficiency.svg");
  return {sub, [a, want] {
            auto m = report::make_amdahl(a->serial, a->parallel);
            if (want->count() > 0 && !(std::isfinite(a->want) && a->want >= 1))
              throw UsageError(fmt::format("--want: must be a speedup >= 1, got {}", a->want));
            if (!a->out.empty()) make_directory(a->out);  // before anything is printed
            fmt::print(
                "Amdahl's law: T(w) = S + P/w with S = {:g} s, P = {:g} s (serial fraction "
                "{})\n",
                m.serial, m.parallel, percent(m.serial_fraction()));
            const double limit = m.asymptotic_speedup();
            fmt::print("asymptotic speedup (S+P)/S = {}\n\n",
                       std::isinf(limit) ? std::string("unbounded (nothing is serial)")
                                         : fmt::format("{:.4g}x", limit));
            report::Table t({"workers", "time (s)", "speedup", "efficiency"});
            for (int w : table_points(a->workers))
              t.add_row({std::to_string(w), fmt::format("{:.4g}", m.time(w)),
                         fmt::format("{:.3g}x", m.speedup(w)),
                         fmt::format("{:.0f}%", 100 * m.efficiency(w))});
            fmt::print("{}", t.str());
            if (want->count() > 0) fmt::print("\n{}", want_line(a->want, a->workers));
            if (!a->out.empty()) {
              write_outputs(a->out, m, a->workers);
              fmt::print(
                  "\nwrote {0}/amdahl.csv, {0}/time.svg, {0}/speedup.svg, "
                  "{0}/efficiency.svg\n",
                  a->out);
            }
            return 0;
          }};
}

}  // namespace parkit::cli
