#include "parkit/pipeline/graph.hpp"

#include <fmt/format.h>

#include <map>

#include "parkit/errors.hpp"

namespace parkit::pipeline {

std::size_t Graph::add(Job job) {
  const std::size_t id = jobs_.size();
  for (std::size_t j = 0; j < jobs_.size(); ++j)
    for (const auto& o : jobs_[j].outputs)
      for (const auto& mine : job.outputs)
        if (o == mine)
          throw Error(
              fmt::format("pipeline: '{}' and '{}' both make {}", jobs_[j].name, job.name, o));
  deps_.emplace_back();
  dependents_.emplace_back();
  // Jobs are added producers first, so every input made by the pipeline already has its job.
  for (const auto& in : job.inputs)
    for (std::size_t j = 0; j < jobs_.size(); ++j)
      for (const auto& o : jobs_[j].outputs)
        if (o == in) {
          deps_[id].push_back(j);
          dependents_[j].push_back(id);
        }
  jobs_.push_back(std::move(job));
  return id;
}

std::string Graph::dot() const {
  std::string out = "digraph pipeline {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n";
  for (std::size_t j = 0; j < jobs_.size(); ++j)
    out += fmt::format("  j{} [label=\"{}\"];\n", j, jobs_[j].name);
  for (std::size_t j = 0; j < jobs_.size(); ++j)
    for (auto d : deps_[j]) out += fmt::format("  j{} -> j{};\n", d, j);
  return out + "}\n";
}

}  // namespace parkit::pipeline
