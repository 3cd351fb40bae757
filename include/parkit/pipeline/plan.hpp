// Which jobs must run, and why (the pipeline's `--dry-run` prints the reasons, like ninja's
// `-d explain`).
#pragma once

#include <string>
#include <vector>

#include "parkit/pipeline/build_log.hpp"

namespace parkit::pipeline {

struct Plan {
  std::vector<char> dirty;
  std::vector<std::string> why;  // for dirty jobs
  std::size_t count() const;
};

Plan make_plan(const Graph& g, const BuildLog& log, Disk& disk, const std::string& version);

}  // namespace parkit::pipeline
