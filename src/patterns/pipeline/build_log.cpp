#include "parkit/pipeline/build_log.hpp"

#include <fmt/format.h>

#include <charconv>
#include <sstream>

namespace parkit::pipeline {

// One line per output: output \t version \t params \t input=mtime \t ...
BuildLog BuildLog::load(Disk& disk, const std::string& path) {
  BuildLog log;
  log.path_ = path;
  auto text = disk.read(path);
  if (!text) return log;
  std::istringstream in(*text);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::size_t start = 0;
    for (;;) {
      auto tab = line.find('\t', start);
      f.push_back(line.substr(start, tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    if (f.size() < 3) continue;
    Record r{f[1], f[2], {}};
    bool ok = true;
    for (std::size_t k = 3; k < f.size(); ++k) {
      auto eq = f[k].rfind('=');
      std::int64_t t = 0;
      if (eq == std::string::npos ||
          std::from_chars(f[k].data() + eq + 1, f[k].data() + f[k].size(), t).ec != std::errc()) {
        ok = false;
        break;
      }
      r.inputs.emplace_back(f[k].substr(0, eq), t);
    }
    if (ok) log.records_[f[0]] = std::move(r);
  }
  return log;
}

void BuildLog::save(Disk& disk) const {
  std::string out;
  for (const auto& [output, r] : records_) {
    out += fmt::format("{}\t{}\t{}", output, r.version, r.params);
    for (const auto& [in, t] : r.inputs) out += fmt::format("\t{}={}", in, t);
    out += '\n';
  }
  disk.write_atomic(path_, out);
}

const Record* BuildLog::find(const std::string& output) const {
  auto it = records_.find(output);
  return it == records_.end() ? nullptr : &it->second;
}

void BuildLog::record(const Job& job, Disk& disk, const std::string& version) {
  Record r{version, job.params, {}};
  for (const auto& in : job.inputs) r.inputs.emplace_back(in, disk.mtime(in).value_or(-1));
  for (const auto& out : job.outputs) records_[out] = r;
}

std::vector<std::string> BuildLog::outputs() const {
  std::vector<std::string> out;
  for (const auto& [o, r] : records_) out.push_back(o);
  return out;
}

}  // namespace parkit::pipeline
