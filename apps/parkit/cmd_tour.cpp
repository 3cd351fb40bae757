// The main job: every workload serially and on every backend, with what parallelism bought.
#include <fmt/format.h>

#include "cli.hpp"
#include "parkit/clock.hpp"
#include "parkit/files.hpp"
#include "parkit/report/scaling.hpp"
#include "parkit/version.hpp"
#include "parkit/workloads/corpus_pipeline.hpp"
#include "parkit/workloads/heat.hpp"
#include "parkit/workloads/integrate.hpp"
#include "parkit/workloads/invert.hpp"
#include "parkit/workloads/make_corpus.hpp"
#include "parkit/workloads/monte_carlo_pi.hpp"
#include "parkit/workloads/random_walk.hpp"

namespace parkit::cli {

namespace {

struct Row {
  std::string workload;
  Team team;
  double seconds;
  std::string result;  // compared with the serial row's
};

std::vector<Team> tour_teams(int workers) {
  return {make_team(Backend::serial, 1), make_team(Backend::threads, workers),
          make_team(Backend::processes, workers)};
}

// One workload on every tour team, the backends taking turns; run(team) returns its result.
template <class Run>
std::vector<Row> tour_rows(const std::string& workload, int repeat, const std::vector<Team>& teams,
                           Run run) {
  std::vector<Row> rows;
  rows.reserve(teams.size());
  for (const Team& t : teams) rows.push_back({workload, t, 0, ""});
  auto best = best_times_interleaved(rows.size(), repeat,
                                     [&](std::size_t i) { rows[i].result = run(rows[i].team); });
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i].seconds = best[i];
  return rows;
}

std::vector<Row> tour_integrate(int n, int repeat, int workers) {
  return tour_rows(
      fmt::format("integrate n={}", n), repeat, tour_teams(workers),
      [&](const Team& t) { return fmt::format("{:a}", workloads::integrate(t, n).integral); });
}

// The PDE on a large grid: the halo exchange every step against the stencil's work.
std::vector<Row> tour_heat(std::size_t points, std::size_t steps, int repeat, int workers) {
  return tour_rows(fmt::format("heat N={} x{}", points, steps), repeat, tour_teams(workers),
                   [&](const Team& t) {
                     auto s = workloads::heat_setup(points, steps, t.workers);
                     auto f = workloads::heat_solve(t, s);
                     return std::to_string(std::hash<std::string_view>()(
                         {reinterpret_cast<const char*>(f.data()), f.size() * sizeof(double)}));
                   });
}

// The tutorial's random walk (15 Y, 300 samples each) and Monte Carlo pi (10^8 points).
std::vector<Row> tour_monte_carlo(int repeat, int workers) {
  std::vector<std::uint32_t> ys;
  for (std::uint32_t y = 10; y <= 150; y += 10) ys.push_back(y);
  auto rows = tour_rows("walk 15Yx300", repeat, tour_teams(workers), [&](const Team& t) {
    auto r = workloads::random_walk(t, ys, 300, 2026, workloads::WalkSchedule::balanced);
    std::string bits;
    for (const auto& row : r.rows) bits += fmt::format("{:a} ", row.mean);
    return bits;
  });
  auto pi = tour_rows("pi 1000x100000", repeat, tour_teams(workers), [&](const Team& t) {
    return fmt::format("{:a}", workloads::monte_carlo_pi(t, 1000, 100000, 4, 2026).mean);
  });
  rows.insert(rows.end(), pi.begin(), pi.end());
  return rows;
}

// The BLAS-threads lesson: one LAPACK inversion on 1 BLAS thread, then on `workers`.
std::vector<Row> tour_invert(std::size_t n, int repeat, int workers) {
  return tour_rows(fmt::format("invert n={}", n), repeat,
                   {make_team(Backend::serial, 1), make_team(Backend::threads, workers)},
                   [&](const Team& t) {
                     auto r = workloads::invert(n, t.workers);
                     return std::string(r.residual < 1e-12 ? "residual < 1e-12" : "BAD residual");
                   });
}

// The Snakefile's workflow on a generated corpus, from scratch each time.
std::vector<Row> tour_pipeline(std::size_t books, std::size_t words, int repeat, int workers) {
  TempDir tmp("parkit-tour");
  const std::string& dir = tmp.path();
  std::vector<Row> rows;
  {
    workloads::make_corpus(dir, books, words, 1);
    auto p = workloads::corpus_pipeline(dir);
    pipeline::RealDisk disk;
    for (const Team& t : tour_teams(workers))
      rows.push_back({fmt::format("pipeline {}x{}", books, words), t, 0, ""});
    auto best = best_times_interleaved(
        rows.size(), repeat,
        [&](std::size_t i) {
          auto r = workloads::run_pipeline(p, disk, rows[i].team, rows[i].team.workers,
                                           {false, version(), {}});
          if (r.failed) throw Error(fmt::format("tour: pipeline failed: {}", r.errors.front()));
          std::string outputs;  // every output's bytes, in job order
          for (const auto& job : p.graph.jobs())
            for (const auto& o : job.outputs) outputs += read_file(o);
          rows[i].result = std::to_string(std::hash<std::string>()(outputs));
        },
        [&](std::size_t) { workloads::delete_outputs(p, disk); });
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i].seconds = best[i];
  }
  return rows;
}

}  // namespace

Command add_tour(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "tour", "Run every workload serially and on every backend; print speedup and efficiency");
  struct Args {
    int n = 10000, repeat = 3, workers = hardware_workers(), books = 16, words = 200000;
    long long heat_points = 1000001, heat_steps = 200;
  };
  auto a = std::make_shared<Args>();
  sub->add_option("--n", a->n, "integrate: bins per axis")
      ->transform(int_in_range(1, 100000))
      ->capture_default_str();
  sub->add_option("--heat-points", a->heat_points, "heat: grid points (odd)")
      ->transform(int_in_range(3, 1LL << 32))
      ->capture_default_str();
  sub->add_option("--heat-steps", a->heat_steps, "heat: time steps")
      ->transform(int_in_range(1, 1000000))
      ->capture_default_str();
  sub->add_option("--books", a->books, "pipeline: books in the generated corpus")
      ->transform(int_in_range(1, 1000))
      ->capture_default_str();
  sub->add_option("--words", a->words, "pipeline: words per book")
      ->transform(int_in_range(1, 10000000))
      ->capture_default_str();
  sub->add_option("--repeat", a->repeat, "runs per measurement (the best is kept)")
      ->transform(int_in_range(1, 100))
      ->capture_default_str();
  sub->add_option("--workers", a->workers, "workers for the parallel backends (default: cores)")
      ->transform(int_in_range(1, max_workers));
  return {
      sub, [a] {
        if (a->heat_points % 2 == 0)
          throw UsageError(fmt::format("--heat-points: must be odd, got {}", a->heat_points));
        fmt::print(
            "parkit tour: {} cores here, best of {} runs per row, the backends taking turns\n\n",
            hardware_workers(), a->repeat);
        std::vector<Row> rows = tour_integrate(a->n, a->repeat, a->workers);
        auto heat = tour_heat(static_cast<std::size_t>(a->heat_points),
                              static_cast<std::size_t>(a->heat_steps), a->repeat, a->workers);
        rows.insert(rows.end(), heat.begin(), heat.end());
        auto more = tour_pipeline(static_cast<std::size_t>(a->books),
                                  static_cast<std::size_t>(a->words), a->repeat, a->workers);
        rows.insert(rows.end(), more.begin(), more.end());
        auto mc = tour_monte_carlo(a->repeat, a->workers);
        rows.insert(rows.end(), mc.begin(), mc.end());
        auto inv = tour_invert(1000, a->repeat, a->workers);
        rows.insert(rows.end(), inv.begin(), inv.end());
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
