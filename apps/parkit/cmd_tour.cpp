// The main job: every workload serially and on every backend, with what parallelism bought.
#include <fmt/format.h>

#include "cli.hpp"
#include "parkit/clock.hpp"
#include "parkit/files.hpp"
#include "parkit/report/scaling.hpp"
#include "workload_runs.hpp"

namespace parkit::cli {

namespace {

struct Row {
  std::string workload;
  Team team;
  double seconds;
  std::string result;  // compared with the serial row's
};

// One workload serially and on every parallel backend at `workers`, the backends taking turns.
std::vector<Row> tour_rows(const std::string& name, const WorkloadParams& params, int repeat,
                           int workers) {
  WorkloadRun w = make_workload_run(name, params);
  std::vector<Row> rows{{w.label, make_team(Backend::serial, 1), 0, ""},
                        {w.label, make_team(Backend::threads, workers), 0, ""}};
  if (!w.threads_only) rows.push_back({w.label, make_team(Backend::processes, workers), 0, ""});
  auto best = best_times_interleaved(
      rows.size(), repeat, [&](std::size_t i) { rows[i].result = w.run(rows[i].team); },
      [&](std::size_t) { w.reset(); });
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i].seconds = best[i];
  return rows;
}

}  // namespace

Command add_tour(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "tour", "Run every workload serially and on every backend; print speedup and efficiency");
  struct Args {
    WorkloadParams p;
    int repeat = 3, workers = hardware_workers();
  };
  auto a = std::make_shared<Args>();
  sub->add_option("--n", a->p.n, "integrate: bins per axis")
      ->transform(int_in_range(1, 100000))
      ->capture_default_str();
  sub->add_option("--heat-points", a->p.heat_points, "heat: grid points (odd)")
      ->transform(int_in_range(3, 1LL << 32))
      ->capture_default_str();
  sub->add_option("--heat-steps", a->p.heat_steps, "heat: time steps")
      ->transform(int_in_range(1, 1000000))
      ->capture_default_str();
  sub->add_option("--books", a->p.books, "pipeline: books in the generated corpus")
      ->transform(int_in_range(1, 1000))
      ->capture_default_str();
  sub->add_option("--words", a->p.words, "pipeline: words per book")
      ->transform(int_in_range(1, 10000000))
      ->capture_default_str();
  sub->add_option("--repeat", a->repeat, "runs per measurement (the best is kept)")
      ->transform(int_in_range(1, 100))
      ->capture_default_str();
  sub->add_option("--workers", a->workers, "workers for the parallel backends (default: cores)")
      ->transform(int_in_range(1, max_workers));
  return {
      sub, [a] {
        check_workload_params(a->p);
        fmt::print(
            "parkit tour: {} cores here, best of {} runs per row, the backends taking turns\n\n",
            hardware_workers(), a->repeat);
        std::vector<Row> rows;
        for (const char* name : {"integrate", "heat", "pipeline", "walk", "pi", "invert"}) {
          auto more = tour_rows(name, a->p, a->repeat, a->workers);
          rows.insert(rows.end(), more.begin(), more.end());
        }
        std::vector<report::Measurement> ms;
        for (std::size_t i = 0; i < rows.size(); ++i) {
          const Row& r = rows[i];
          // tour_teams puts the serial team first for every workload.
          bool baseline = i == 0 || rows[i - 1].workload != r.workload;
          ms.push_back({r.workload, std::string(to_string(r.team.backend)), r.team.workers,
                        r.seconds, r.result, baseline});
        }
        auto scaled = report::against_baseline(ms);
        bool all_same = true;
        for (const auto& r : scaled) all_same = all_same && r.same_result;
        fmt::print("{}", report::scaling_table(scaled).str());
        fmt::print(
            "\nspeedup = serial time / time; efficiency = speedup / workers.\n"
            "heat = the PDE f'' = -f, one subdomain per worker, halos swapped every step.\n"
            "pipeline = the Snakefile's workflow (counts, Zipf table, ACFs) from scratch on "
            "a generated corpus; workers = jobs at once.\n"
            "walk, pi = the tutorial's Monte Carlo programs, from counter-based random streams.\n"
            "invert = LAPACK's Cholesky inverse on 1 BLAS thread (serial) and on the workers' "
            "count (threads).\n");
        if (!all_same) {
          fmt::print(stderr, "parkit: error: a backend's result differs from serial\n");
          return 1;
        }
        return 0;
      }};
}

}  // namespace parkit::cli
