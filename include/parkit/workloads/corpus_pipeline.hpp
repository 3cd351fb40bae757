// The tutorials' Snakefile as a parkit pipeline over DIR/*.txt:
//   DIR/processed_data/<book>.dat   wordcount of each book
//   DIR/results/results.csv         zipf 10 over every .dat, sorted by name
//   DIR/results/acf_<book>.csv      acf of each book (16 words, 100 lags)
// Each book's jobs log to DIR/processed_data/<book>.log; the build log is DIR/.parkit_build_log.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "parkit/pipeline/builder.hpp"
#include "parkit/pipeline/disk.hpp"
#include "parkit/pipeline/graph.hpp"
#include "parkit/pipeline/plan.hpp"
#include "parkit/team.hpp"

namespace parkit::workloads {

struct CorpusPipeline {
  std::string dir;
  std::vector<std::string> books;  // names, sorted
  pipeline::Graph graph;
  std::string log_path;
};

// Throws UsageError if DIR is not a directory or holds no .txt book.
CorpusPipeline corpus_pipeline(const std::string& dir);

// Holds DIR for one pipeline run at a time (an flock on the folder): two runs on the same books
// would both do all the work and race on the build log. Waits for another run to finish, calling
// on_wait first. Throws UsageError if DIR cannot be opened.
class PipelineLock {
 public:
  PipelineLock(const CorpusPipeline& p, const std::function<void()>& on_wait);
  ~PipelineLock();
  PipelineLock(const PipelineLock&) = delete;
  PipelineLock& operator=(const PipelineLock&) = delete;

 private:
  int fd_ = -1;
};

// What a run would do: the build log as it is on disk, and the plan against it.
struct PipelinePlan {
  pipeline::BuildLog log;
  pipeline::Plan plan;
};
PipelinePlan plan_pipeline(const CorpusPipeline& p, pipeline::Disk& disk,
                           const std::string& version);

// Runs what the plan marks dirty on the team, at most `jobs` at once (see
// pipeline::with_runner), recording each success in the plan's log. Under mpirun every rank
// calls it; rank 0 runs the build and returns its result, the other ranks run jobs and return
// an empty result.
pipeline::BuildResult run_pipeline(const CorpusPipeline& p, PipelinePlan& planned,
                                   pipeline::Disk& disk, const Team& team, int jobs,
                                   const pipeline::BuildOptions& o);
// Plans, then runs (the whole pipeline in one call).
pipeline::BuildResult run_pipeline(const CorpusPipeline& p, pipeline::Disk& disk, const Team& team,
                                   int jobs, const pipeline::BuildOptions& o);

// Removes every output the build log says the pipeline made, the job logs and the build log;
// returns how many files were removed.
std::size_t delete_outputs(const CorpusPipeline& p, pipeline::Disk& disk);

// Registers the actions the corpus pipeline's jobs name ("wordcount", "zipf", "acf").
void register_corpus_actions();

}  // namespace parkit::workloads
