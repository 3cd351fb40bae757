// Every workload as the tour and `parkit scale` run it: ready to time on any team, with a
// result to compare against the serial run's.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "parkit/team.hpp"

namespace parkit::cli {

struct WorkloadParams {
  long long n = 10000;                                // integrate: bins per axis
  long long heat_points = 1000001, heat_steps = 200;  // heat
  long long books = 16, words = 200000;               // pipeline, csvify: a generated corpus
  long long acf_words = 1000000;                      // acf: one generated book
  long long invert_size = 1000;                       // invert: the matrix order
  long long pi_batches = 1000;                        // pi: batches of 10^5 points
  long long walk_samples = 300;                       // walk: samples for each of the 15 Y
  long long csv_inflate = 20;  // csvify: each line repeated (the tutorial's line *= 100)
  std::string corpus_dir;      // pipeline: a corpus made already (an MPI point's ranks use it)
};

// The options that set WorkloadParams (--n, --heat-points, ..., --inflate), for the tour and
// scale.
void add_workload_options(CLI::App& app, WorkloadParams& p);
// The same sizes as command-line arguments ("--n", "10000", ...): what an MPI point's ranks get.
std::vector<std::string> workload_option_args(const WorkloadParams& p);
// Every size that was not given on app's command line takes its value from `defaults` (the
// tour's --quick sizes).
void default_unset_options(const CLI::App& app, WorkloadParams& p, const WorkloadParams& defaults);

struct WorkloadRun {
  WorkloadRun(std::string l, std::function<std::string(const Team&)> r)
      : label(std::move(l)), run(std::move(r)) {}
  std::string label;  // e.g. "integrate n=10000"
  // Runs the workload on the team; equal results for equal work on any team.
  std::function<std::string(const Team&)> run;
  // Untimed, before each run: undoes what a run left (the pipeline's outputs).
  std::function<void()> reset = [] {};
  // Its parallelism is threads within one process (invert: BLAS threads).
  bool threads_only = false;
  // A folder of inputs that other processes may use (the pipeline's corpus), or "".
  std::string shared_dir;
  std::shared_ptr<void> inputs;  // what the runs read (a generated corpus), kept alive
};

// UsageError for parameters no workload accepts (an even --heat-points): for a command to call
// before it starts any work.
void check_workload_params(const WorkloadParams& p);

// integrate, heat, pipeline, acf, walk, pi, invert, csvify.
const std::vector<std::string>& workload_names();
// UsageError naming the workloads for a name not among them.
void check_workload_name(const std::string& name);
// UsageError for a name not in workload_names(). Generates its inputs (untimed) now.
WorkloadRun make_workload_run(const std::string& name, const WorkloadParams& p);

}  // namespace parkit::cli
