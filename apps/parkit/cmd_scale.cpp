// parkit scale: one workload serially and at several worker counts on several backends, with
// speedup, efficiency, Karp-Flatt and Amdahl fits; CSV, JSON and plots with --out.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "cli.hpp"
#include "measure.hpp"
#include "mpi_point.hpp"
#include "parkit/errors.hpp"
#include "parkit/files.hpp"
#include "parkit/report/scale.hpp"
#include "workload_runs.hpp"

namespace parkit::cli {

namespace {

// 1, 2, 4, ... below the core count, and the core count.
std::string default_workers() {
  std::string out;
  const int cores = hardware_workers();
  for (int w = 1; w < cores; w *= 2) out += fmt::format("{},", w);
  return out + std::to_string(cores);
}

std::vector<Backend> parse_backends(const std::string& text, const std::string& workload) {
  std::vector<Backend> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = std::min(text.find(',', start), text.size());
    std::string name = text.substr(start, comma - start);
    if (name != "serial" && name != "threads" && name != "processes" && name != "mpi")
      throw UsageError(fmt::format(
          "--backends: unknown backend '{}' (expected serial, threads, processes or mpi)", name));
    Backend b = parse_backend(name);
    if (b == Backend::mpi) {
      if (std::string why = why_no_mpi_points(); !why.empty())
        throw UsageError(fmt::format("--backends mpi: {}", why));
    }
    if (b == Backend::mpi && !runs_on_mpi(workload))
      throw UsageError(fmt::format(
          "--backends mpi: scale does not run {} as an MPI point (time it with mpirun -np W "
          "parkit {} ... --backend mpi)",
          workload, workload));
    if (std::find(out.begin(), out.end(), b) == out.end()) out.push_back(b);
    start = comma + 1;
  }
  return out;
}

}  // namespace

Command add_scale(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "scale",
      "Measure one workload serially and at several worker counts on several backends: "
      "speedup, efficiency, Karp-Flatt serial fraction, Amdahl fit; CSV, JSON and plots");
  struct Args {
    std::string workload, backends = "threads,processes", workers = default_workers(), out;
    int repeat = 3;
    bool mpi_point = false;
    WorkloadParams p;
  };
  auto a = std::make_shared<Args>();
  sub->add_option("WORKLOAD", a->workload,
                  "integrate, heat, pipeline, acf, walk, pi, invert or csvify")
      ->required();
  sub->add_option("--backends", a->backends,
                  "comma list of threads, processes (serial is the "
                  "baseline, always run)")
      ->capture_default_str();
  sub->add_option("--workers", a->workers, "comma list of worker counts")->capture_default_str();
  sub->add_option("--repeat", a->repeat, "runs per point, taking turns across points")
      ->transform(int_in_range(1, 1000))
      ->capture_default_str();
  sub->add_option("--out", a->out,
                  "a folder for scale.csv, scale.json, speedup.svg, efficiency.svg");
  add_workload_options(*sub, a->p);
  // What scale runs under mpirun for an MPI point (mpi_point.hpp), and the pipeline's corpus.
  sub->add_flag("--mpi-point", a->mpi_point)->group("");
  sub->add_option("--corpus-dir", a->p.corpus_dir)->group("");
  return {sub, [a] {
            // Every argument is checked before any work starts.
            check_workload_name(a->workload);
            check_workload_params(a->p);
            if (a->mpi_point) {
              serve_mpi_point(a->workload, a->p);
              return 0;
            }
            auto backends = parse_backends(a->backends, a->workload);
            auto counts = int_list("--workers", a->workers, 1, max_workers);
            if (!a->out.empty()) make_directory(a->out);

            WorkloadRun w = make_workload_run(a->workload, a->p);
            std::vector<Team> teams{make_team(Backend::serial, 1)};
            for (auto c : counts)
              for (Backend b : backends) {
                if (b == Backend::serial || (w.threads_only && b == Backend::processes)) continue;
                teams.push_back(Team{b, static_cast<int>(c)});  // mpi: run by mpirun -np c
              }
            auto points = measure_points(a->workload, w, a->p, teams, a->repeat);
            auto report = report::analyse_scaling(w.label, std::move(points));
            auto machine = report::this_machine();
            fmt::print(
                "parkit scale {}: {} cores ({}), {} runs per point, the points taking "
                "turns\n\n{}",
                w.label, machine.cores, machine.cpu, a->repeat, report::scale_table(report).str());
            if (w.threads_only &&
                std::find(backends.begin(), backends.end(), Backend::processes) != backends.end())
              fmt::print("({} runs in one process: no processes points)\n", a->workload);
            fmt::print(
                "\nspeedup = serial min / min; efficiency = speedup / workers; "
                "Karp-Flatt = the serial fraction that speedup implies.\n");
            for (const auto& f : report.fits) {
              double limit = f.model.asymptotic_speedup();
              std::string verdict =
                  f.model.parallel <= 0 ? std::string("nothing parallel: more workers do not help")
                  : std::isinf(limit)
                      ? std::string("no serial part: speedup without bound")
                      : fmt::format("at most {:.3g}x on any number of workers", limit);
              fmt::print("{}: Amdahl fit S = {:.4g} s, P = {:.4g} s: {}\n", f.backend,
                         f.model.serial, f.model.parallel, verdict);
            }
            bool same = true;
            for (const auto& r : report.rows) same = same && r.same_result;
            if (!a->out.empty()) {
              write_file_atomic(a->out + "/scale.csv", report::scale_csv(report));
              write_file_atomic(a->out + "/scale.json", report::scale_json(report, machine));
              report::scale_figures(report, a->out);
              fmt::print(
                  "\nwrote {0}/scale.csv, {0}/scale.json, {0}/speedup.svg, "
                  "{0}/efficiency.svg\n",
                  a->out);
            }
            if (!same) {
              fmt::print(stderr, "parkit: error: a backend's result differs from serial\n");
              return 1;
            }
            return 0;
          }};
}

}  // namespace parkit::cli
