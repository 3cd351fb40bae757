// How each output was last built: the tool version, the job's parameters and the modification
// time of every input then. A job is clean only if all of that is still true.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "parkit/pipeline/disk.hpp"
#include "parkit/pipeline/graph.hpp"

namespace parkit::pipeline {

struct Record {
  std::string version;
  std::string params;
  std::vector<std::pair<std::string, std::int64_t>> inputs;  // path, mtime
};

class BuildLog {
 public:
  // A missing log is an empty one; a corrupt line is ignored (its outputs will be rebuilt).
  static BuildLog load(Disk& disk, const std::string& path);
  void save(Disk& disk) const;

  const Record* find(const std::string& output) const;
  // Records job's outputs as built now from its inputs' current mtimes.
  void record(const Job& job, Disk& disk, const std::string& version);
  void forget(const std::string& output) { records_.erase(output); }
  std::vector<std::string> outputs() const;

 private:
  std::string path_;
  std::map<std::string, Record> records_;
};

}  // namespace parkit::pipeline
