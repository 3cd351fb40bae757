#include <fmt/format.h>

#include <algorithm>
#include <numbers>

#include "cli.hpp"
#include "parkit/clock.hpp"
#include "parkit/report/plot.hpp"
#include "parkit/report/table.hpp"
#include "parkit/run.hpp"
#include "parkit/text/pyfloat.hpp"
#include "parkit/workloads/random_walk.hpp"

namespace parkit::cli {

namespace {

double diffusion_limit(double y) { return 3 * y * y; }  // steps of variance 1/3
double tutorial_curve(double y) { return std::numbers::pi * y * y; }

// The tutorial's figure: mean steps against Y with error bars, and both curves.
void plot_walk(const std::string& out, const workloads::WalkResult& r, std::uint32_t samples) {
  std::string data;
  for (const auto& row : r.rows) data += fmt::format("{} {} {}\n", row.y, row.mean, row.std_error);
  double top = 0;
  for (const auto& row : r.rows) top = std::max(top, static_cast<double>(row.y));
  report::run_gnuplot(out,
                      fmt::format("$d << EOD\n{}EOD\n"
                                  "set title 'First crossing of |y| = Y, mean of {} walks'\n"
                                  "set xlabel 'Y'\nset ylabel 'steps'\nset key top left\nset grid\n"
                                  "set xrange [0:{}]\n"
                                  "plot $d using 1:2:3 with yerrorbars pt 7 title 'parkit walk', "
                                  "3*x**2 with lines dt 2 title '3Y^2 (diffusion limit)', "
                                  "pi*x**2 with lines title 'pi Y^2 (the tutorial)'",
                                  data, samples, top * 1.05));
}

void print_walk(const workloads::WalkResult& r, double secs, const Team& t,
                workloads::WalkSchedule schedule, const std::vector<std::uint32_t>& ys) {
  // The tutorial's print(results) and its timing line.
  std::vector<double> means;
  for (const auto& row : r.rows) means.push_back(row.mean);
  fmt::print("{}\n", text::python_list(means));
  fmt::print("Time : {}secs\n", text::python_repr(secs));
  report::Table table({"Y", "mean steps", "std error", "3Y^2", "pi Y^2"});
  for (const auto& row : r.rows)
    table.add_row({fmt::format("{}", row.y), fmt::format("{:.1f}", row.mean),
                   fmt::format("{:.1f}", row.std_error),
                   fmt::format("{:.0f}", diffusion_limit(row.y)),
                   fmt::format("{:.0f}", tutorial_curve(row.y))});
  fmt::print("{}", table.str());
  fmt::print("Schedule: {}, {} tasks; speedup {:.2f}x (the tasks' time added up / wall time)\n",
             schedule == workloads::WalkSchedule::per_y ? "per-y" : "balanced", r.tasks,
             r.work_seconds / std::max(secs, 1e-9));
  fmt::print(
      "One task per Y (the tutorial's pool.map) can reach at most {:.2f}x on {} workers, {:.2f}x "
      "on any number (critical path: the largest Y)\n",
      workloads::per_y_greedy_bound(ys, t.workers), t.workers,
      workloads::per_y_critical_path_bound(ys));
  fmt::print("Backend: {}, workers: {}\n", to_string(t.backend), t.workers);
}

}  // namespace

Command add_walk(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "walk", "the tutorial's random walk: steps to the first crossing of |y| = Y, for each Y");
  struct Args {
    std::string ys = "10,20,30,40,50,60,70,80,90,100,110,120,130,140,150";
    long long samples = 300, seed = 2026;
    std::string schedule = "balanced", plot;
  };
  auto a = std::make_shared<Args>();
  auto team = std::make_shared<TeamOptions>();
  sub->add_option(
         "--Y", a->ys,
         fmt::format("the values of Y, comma-separated, each in [1, {}]", workloads::kMaxWalkY))
      ->capture_default_str();
  sub->add_option("--samples", a->samples, "walks for each Y")
      ->transform(int_in_range(1, 100000000))
      ->capture_default_str();
  add_seed_option(*sub, a->seed, "the same seed gives the same walks on every backend");
  sub->add_option("--schedule", a->schedule,
                  "per-y: one task per Y (the tutorial's); balanced: chunks of samples, "
                  "costliest first")
      ->check(CLI::IsMember({"per-y", "balanced"}))
      ->capture_default_str();
  sub->add_option("--plot", a->plot, "also draw mean steps against Y into this .svg or .png");
  team->add_to(*sub, "serial", "--workers", "pool workers");
  return {sub, [a, team] {
            Team t = team->team();
            std::vector<std::uint32_t> ys;
            for (long long y : int_list("--Y", a->ys, 1, workloads::kMaxWalkY))
              ys.push_back(static_cast<std::uint32_t>(y));
            if (!a->plot.empty()) report::check_figure_name("--plot", a->plot);
            auto schedule = a->schedule == "per-y" ? workloads::WalkSchedule::per_y
                                                   : workloads::WalkSchedule::balanced;
            auto samples = static_cast<std::uint32_t>(a->samples);
            Stopwatch w;
            auto r = workloads::random_walk(t, ys, samples, static_cast<std::uint64_t>(a->seed),
                                            schedule);
            double secs = w.seconds();
            if (!leads(t)) return 0;
            print_walk(r, secs, t, schedule, ys);
            if (!a->plot.empty()) plot_walk(a->plot, r, samples);
            return 0;
          }};
}

}  // namespace parkit::cli
