// The file pipeline, split as ninja splits it: a graph of jobs with input and output files
// (here), the disk (disk.hpp), a log of how each output was built (build_log.hpp), a plan of what
// is dirty and why (plan.hpp), and a builder that runs the plan on a runner (builder.hpp).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace parkit::pipeline {

struct Job {
  std::string name;                          // unique, e.g. "wordcount pg99"
  std::string action;                        // what to run (actions.hpp)
  std::vector<std::string> args;             // its arguments
  std::vector<std::string> inputs, outputs;  // files
  std::string params;                        // anything else that decides the outputs
  std::string log;                           // file this job's log lines go to ("" = none)
};

class Graph {
 public:
  // Throws Error if an output is already made by another job.
  std::size_t add(Job job);
  const std::vector<Job>& jobs() const noexcept { return jobs_; }
  // The jobs that make this job's inputs.
  const std::vector<std::size_t>& deps(std::size_t j) const { return deps_[j]; }
  // The jobs that use this job's outputs.
  const std::vector<std::size_t>& dependents(std::size_t j) const { return dependents_[j]; }
  // The job graph as Graphviz DOT.
  std::string dot() const;

 private:
  std::vector<Job> jobs_;
  std::vector<std::vector<std::size_t>> deps_, dependents_;
};

}  // namespace parkit::pipeline
