#include "parkit/pipeline/plan.hpp"

#include <fmt/format.h>

namespace parkit::pipeline {

std::size_t Plan::count() const {
  std::size_t n = 0;
  for (char d : dirty) n += d != 0;
  return n;
}

namespace {

// Why this job's own outputs are out of date, or "" if they are not.
std::string own_reason(const Job& job, const BuildLog& log, Disk& disk,
                       const std::string& version) {
  for (const auto& out : job.outputs) {
    if (!disk.mtime(out)) return fmt::format("output {} is missing", out);
    const Record* r = log.find(out);
    if (!r) return fmt::format("no record of how {} was built", out);
    if (r->version != version)
      return fmt::format("parkit's version changed ({} -> {})", r->version, version);
    if (r->params != job.params)
      return fmt::format("parameters changed ({} -> {})", r->params, job.params);
    if (r->inputs.size() != job.inputs.size()) return "its list of inputs changed";
    for (std::size_t k = 0; k < job.inputs.size(); ++k) {
      const auto& in = job.inputs[k];
      if (r->inputs[k].first != in) return "its list of inputs changed";
      auto t = disk.mtime(in);
      if (!t) return fmt::format("input {} is missing", in);
      if (*t != r->inputs[k].second) return fmt::format("input {} changed", in);
    }
  }
  return {};
}

}  // namespace

Plan make_plan(const Graph& g, const BuildLog& log, Disk& disk, const std::string& version) {
  const auto& jobs = g.jobs();
  Plan p{std::vector<char>(jobs.size(), 0), std::vector<std::string>(jobs.size())};
  // Jobs were added producers first, so one pass in order sees every dependency decided.
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    std::string why;
    for (auto d : g.deps(j))
      if (p.dirty[d]) {
        why = fmt::format("'{}' will run first", jobs[d].name);
        break;
      }
    if (why.empty()) why = own_reason(jobs[j], log, disk, version);
    if (!why.empty()) {
      p.dirty[j] = 1;
      p.why[j] = std::move(why);
    }
  }
  return p;
}

}  // namespace parkit::pipeline
