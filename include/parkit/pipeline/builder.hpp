// Runs a plan: starts every dirty job whose inputs are ready, as many at once as the runner
// takes, records each success in the build log (saved after every job, so an interrupted run
// keeps what it finished), and on a failure either stops starting jobs or, with keep_going,
// skips only what depends on the failed job. One failure is one error, however many jobs it
// stopped.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "parkit/pipeline/build_log.hpp"
#include "parkit/pipeline/plan.hpp"

namespace parkit::pipeline {

class Runner {
 public:
  virtual ~Runner() = default;
  virtual std::size_t capacity() const = 0;
  virtual void start(std::size_t id, const Job& job) = 0;
  struct Done {
    std::size_t id;
    std::string error;  // empty on success
    // The job did not fail itself: the failure that stopped it (a worker's death, which breaks
    // the whole pool) was already reported for another job. Counted as skipped, not as failed.
    bool already_reported = false;
  };
  // Blocks until a started job finishes.
  virtual Done wait() = 0;
};

struct BuildResult {
  std::size_t ran = 0, failed = 0, skipped = 0;
  std::size_t at_once = 0;          // the runner's capacity
  std::vector<std::string> errors;  // "job: message"
};

struct BuildOptions {
  bool keep_going = false;
  std::string version;
  std::function<void(const std::string&)> progress;  // one line per finished job
};

BuildResult build(const Graph& g, const Plan& plan, Runner& runner, BuildLog& log, Disk& disk,
                  const BuildOptions& o);

}  // namespace parkit::pipeline
