// The main job: every workload serially and on every backend, with what parallelism bought, as
// a table and as a report folder (CSV, JSON, figures and report.md).
#include <fmt/chrono.h>
#include <fmt/format.h>

#include <ctime>

#include "cli.hpp"
#include "measure.hpp"
#include "mpi_point.hpp"
#include "parkit/errors.hpp"
#include "parkit/files.hpp"
#include "parkit/report/plot.hpp"
#include "parkit/report/scale.hpp"
#include "workload_runs.hpp"

namespace parkit::cli {

namespace {

// One workload serially and on every parallel backend at `workers` (mpi when `mpi`), the
// backends taking turns.
report::ScaleReport tour_workload(const std::string& name, const WorkloadParams& params, int repeat,
                                  int workers, bool mpi) {
  WorkloadRun w = make_workload_run(name, params);
  std::vector<Team> teams{make_team(Backend::serial, 1), make_team(Backend::threads, workers)};
  if (!w.threads_only) teams.push_back(make_team(Backend::processes, workers));
  if (mpi && runs_on_mpi(name)) teams.push_back(Team{Backend::mpi, workers});
  return report::analyse_scaling(w.label, measure_points(name, w, params, teams, repeat));
}

// Small enough that the whole tour takes a few seconds on 2 cores.
WorkloadParams quick_params() {
  WorkloadParams p;
  p.n = 4000;
  p.heat_points = 1000001;
  p.heat_steps = 50;
  p.books = 8;
  p.words = 100000;
  p.acf_words = 1000000;
  p.invert_size = 600;
  p.pi_batches = 300;
  p.walk_samples = 100;
  p.csv_inflate = 5;
  return p;
}

constexpr std::string_view notes =
    "speedup = serial time / time (the fastest run of each); efficiency = speedup / workers; "
    "(noise?) marks a speedup above the worker count.\n"
    "heat = the PDE f'' = -f, one subdomain per worker, halos swapped every step.\n"
    "pipeline = the Snakefile's workflow (counts, Zipf table, ACFs) from scratch on a generated "
    "corpus; workers = jobs at once.\n"
    "acf = one generated book's 16 most frequent words: their positions found serially, the "
    "ACFs on the team.\n"
    "walk, pi = the tutorial's Monte Carlo programs, from counter-based random streams.\n"
    "invert = LAPACK's Cholesky inverse on 1 BLAS thread (serial) and on the workers' count "
    "(threads).\n"
    "csvify = the tutorials' threaded I/O: .dat files rewritten as .csv by a pool of threads.\n";

// report.md: the table and the figures together, for a person to open.
std::string markdown(const std::vector<report::ScaleReport>& reports, const report::Machine& m,
                     int repeat) {
  std::string md = fmt::format(
      "# parkit tour\n\nparkit {} on {} cores ({}); {} runs per row, the backends taking "
      "turns.\n\n| workload | backend | workers | min s | median s | speedup | efficiency | "
      "result |\n|---|---|---:|---:|---:|---:|---:|---|\n",
      m.parkit_version, m.cores, m.cpu, repeat);
  for (const auto& r : reports)
    for (const auto& row : r.rows)
      md += fmt::format("| {} | {} | {} | {:.4f} | {:.4f} | {:.2f}x{} | {:.0f}% | {} |\n",
                        r.workload, row.point.backend, row.point.workers, row.min, row.median,
                        row.speedup, row.beyond_workers ? " (noise?)" : "", 100 * row.efficiency,
                        row.same_result ? "= serial" : "DIFFERS");
  md += "\n![speedup](speedup.svg)\n\n![efficiency](efficiency.svg)\n\n";
  for (char c : notes) {
    md += c;
    if (c == '\n') md += '\n';  // a paragraph a note
  }
  md += "Data: report.csv (one line a run point), report.json (with every run's time).\n";
  return md;
}

void write_report(const std::string& dir, const std::vector<report::ScaleReport>& reports,
                  const report::Machine& m, int repeat) {
  write_file_atomic(dir + "/report.csv", report::scale_csv(reports));
  write_file_atomic(dir + "/report.json", report::scale_json(reports, m));
  std::vector<std::pair<std::string, double>> speedup, efficiency;
  for (const auto& r : reports)
    for (const auto& row : r.rows) {
      if (row.point.backend == "serial") continue;
      std::string label =
          fmt::format("{} / {}", r.workload.substr(0, r.workload.find(' ')), row.point.backend);
      speedup.emplace_back(label, row.speedup);
      efficiency.emplace_back(label, row.efficiency);
    }
  const int workers = reports.front().rows.back().point.workers;
  report::bar_chart(dir + "/speedup.svg", fmt::format("speedup over serial on {} workers", workers),
                    "speedup", speedup);
  report::bar_chart(dir + "/efficiency.svg", fmt::format("efficiency on {} workers", workers),
                    "efficiency", efficiency);
  write_file_atomic(dir + "/report.md", markdown(reports, m, repeat));
}

std::string default_report_dir() {
  return fmt::format("parkit-report-{:%Y%m%d-%H%M%S}", fmt::localtime(std::time(nullptr)));
}

}  // namespace

Command add_tour(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "tour",
      "Run every workload serially and on every backend; print speedup and efficiency and write "
      "a report folder (report.md with figures, CSV, JSON)");
  struct Args {
    WorkloadParams p;
    int repeat = 3, workers = hardware_workers();
    bool quick = false, no_mpi = false;
    std::string out;
  };
  auto a = std::make_shared<Args>();
  add_workload_options(*sub, a->p);
  auto* repeat = sub->add_option("--repeat", a->repeat, "runs per measurement (the best is kept)")
                     ->transform(int_in_range(1, 100))
                     ->capture_default_str();
  sub->add_option("--workers", a->workers, "workers for the parallel backends (default: cores)")
      ->transform(int_in_range(1, max_workers));
  sub->add_flag("--no-mpi", a->no_mpi, "no mpi rows even where mpirun is found");
  sub->add_flag("--quick", a->quick,
                "smaller sizes and two runs per row (a few seconds); the size options override it");
  sub->add_option("--out", a->out,
                  "the report folder (default: a new parkit-report-DATE-TIME here); '-' writes "
                  "none");
  return {sub, [a, sub, repeat] {
            if (a->quick) {
              default_unset_options(*sub, a->p, quick_params());
              if (!repeat->count()) a->repeat = 2;
            }
            check_workload_params(a->p);
            std::string dir = a->out.empty() ? default_report_dir() : a->out;
            if (dir != "-") make_directory(dir);  // before any work: a bad folder is exit 2
            auto machine = report::this_machine();
            fmt::print(
                "parkit tour: {} cores here ({}), best of {} runs per row, the backends "
                "taking turns\n\n",
                machine.cores, machine.cpu, a->repeat);
            // MPI rows when mpirun is here and may run.
            bool mpi = false;
            if (!a->no_mpi) {
              std::string why = why_no_mpi_points();
              mpi = why.empty();
              if (!mpi) fmt::print("(no mpi rows: {})\n\n", why);
            }
            std::vector<report::ScaleReport> reports;
            for (const auto& name : workload_names())
              reports.push_back(tour_workload(name, a->p, a->repeat, a->workers, mpi));
            fmt::print("{}\n{}", report::scale_table(reports).str(), notes);
            if (dir != "-") {
              write_report(dir, reports, machine, a->repeat);
              fmt::print(
                  "\nreport: {0}/report.md (figures speedup.svg, efficiency.svg; data "
                  "report.csv, report.json)\n",
                  dir);
            }
            for (const auto& r : reports)
              for (const auto& row : r.rows)
                if (!row.same_result) {
                  fmt::print(stderr, "parkit: error: a backend's result differs from serial\n");
                  return 1;
                }
            return 0;
          }};
}

}  // namespace parkit::cli
