#include "parkit/workloads/corpus_pipeline.hpp"

#include <fcntl.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "core/sys.hpp"
#include "parkit/errors.hpp"
#include "parkit/files.hpp"
#include "parkit/pipeline/actions.hpp"
#include "parkit/pipeline/runners.hpp"
#include "parkit/workloads/corpus_files.hpp"

namespace parkit::workloads {

namespace {

constexpr std::size_t zipf_n = 10, acf_words = 16, acf_timesteps = 100;

std::size_t to_size(const std::string& s) { return static_cast<std::size_t>(std::stoull(s)); }

void wordcount_action(const std::vector<std::string>& a) { wordcount_file(a.at(0), a.at(1)); }
void zipf_action(const std::vector<std::string>& a) {
  std::vector<std::string> dats(a.begin() + 2, a.end());
  write_file_atomic(a.at(0), zipf_table(to_size(a.at(1)), dats));
}
void acf_action(const std::vector<std::string>& a) {
  acf_file(a.at(0), a.at(1), a.at(2), to_size(a.at(3)), to_size(a.at(4)));
}

}  // namespace

void register_corpus_actions() {
  pipeline::register_action("wordcount", &wordcount_action);
  pipeline::register_action("zipf", &zipf_action);
  pipeline::register_action("acf", &acf_action);
}

CorpusPipeline corpus_pipeline(const std::string& dir) {
  CorpusPipeline p;
  for (const auto& name : names_ending_with(dir, ".txt"))
    p.books.push_back(name.substr(0, name.size() - 4));
  if (p.books.empty()) throw UsageError(fmt::format("{}: no books (*.txt) in the directory", dir));
  p.dir = dir;
  p.log_path = dir + "/.parkit_build_log";
  auto txt = [&](const std::string& b) { return fmt::format("{}/{}.txt", dir, b); };
  auto dat = [&](const std::string& b) { return fmt::format("{}/processed_data/{}.dat", dir, b); };
  auto log = [&](const std::string& b) { return fmt::format("{}/processed_data/{}.log", dir, b); };
  std::vector<std::string> dats;
  for (const auto& b : p.books) {
    p.graph.add({"wordcount " + b,
                 "wordcount",
                 {txt(b), dat(b)},
                 {txt(b)},
                 {dat(b)},
                 "min_length=1",
                 log(b)});
    dats.push_back(dat(b));
  }
  std::string results = dir + "/results/results.csv";
  std::vector<std::string> zipf_args{results, std::to_string(zipf_n)};
  zipf_args.insert(zipf_args.end(), dats.begin(), dats.end());
  p.graph.add({"zipf",
               "zipf",
               zipf_args,
               dats,
               {results},
               fmt::format("n={}", zipf_n),
               dir + "/results/results.log"});
  for (const auto& b : p.books) {
    std::string out = fmt::format("{}/results/acf_{}.csv", dir, b);
    p.graph.add({"acf " + b,
                 "acf",
                 {txt(b), dat(b), out, std::to_string(acf_words), std::to_string(acf_timesteps)},
                 {txt(b), dat(b)},
                 {out},
                 fmt::format("words={} timesteps={}", acf_words, acf_timesteps),
                 log(b)});
  }
  return p;
}

namespace {
// What a killed run left: NAME.tmp.PID files of dead processes beside the outputs and the logs.
std::size_t sweep_temporaries(const CorpusPipeline& p) {
  std::size_t n = 0;
  for (const auto& d : {p.dir, p.dir + "/processed_data", p.dir + "/results"})
    n += sweep_stale_temporaries(d);
  return n;
}
}  // namespace

PipelineLock::PipelineLock(const CorpusPipeline& p, const std::function<void()>& on_wait) {
  sys::Fd fd;
  if (int e = sys::open_file(p.dir, O_RDONLY | O_DIRECTORY, fd))
    throw UsageError(fmt::format("{}: cannot open: {}", p.dir, sys::error_text(e)));
  if (!sys::lock_exclusive(fd.get(), false)) {
    if (on_wait) on_wait();
    sys::lock_exclusive(fd.get(), true);
  }
  fd_ = fd.release();
}

PipelineLock::~PipelineLock() {
  sys::Fd closing(fd_);  // closing it releases the lock
}

PipelinePlan plan_pipeline(const CorpusPipeline& p, pipeline::Disk& disk,
                           const std::string& version) {
  PipelinePlan out{pipeline::BuildLog::load(disk, p.log_path), {}};
  out.plan = pipeline::make_plan(p.graph, out.log, disk, version);
  return out;
}

pipeline::BuildResult run_pipeline(const CorpusPipeline& p, PipelinePlan& planned,
                                   pipeline::Disk& disk, const Team& team, int jobs,
                                   const pipeline::BuildOptions& o) {
  register_corpus_actions();
  sweep_temporaries(p);
  pipeline::BuildResult result;
  if (planned.plan.count() == 0) return result;
  pipeline::with_runner(team, jobs, [&](pipeline::Runner& runner) {
    // Only a real run creates the output directories (a dry run changes nothing).
    for (const char* sub : {"processed_data", "results"}) {
      std::string path = fmt::format("{}/{}", p.dir, sub);
      if (int e = sys::make_dir(path))
        throw Error(fmt::format("{}: cannot create the directory: {}", path, sys::error_text(e)));
    }
    result = pipeline::build(p.graph, planned.plan, runner, planned.log, disk, o);
  });
  // A worker that died mid-job (its pool is closed and reaped by now) left its temporary.
  if (result.failed) sweep_temporaries(p);
  return result;
}

pipeline::BuildResult run_pipeline(const CorpusPipeline& p, pipeline::Disk& disk, const Team& team,
                                   int jobs, const pipeline::BuildOptions& o) {
  auto planned = plan_pipeline(p, disk, o.version);
  return run_pipeline(p, planned, disk, team, jobs, o);
}

std::size_t delete_outputs(const CorpusPipeline& p, pipeline::Disk& disk) {
  auto log = pipeline::BuildLog::load(disk, p.log_path);
  std::size_t removed = sweep_temporaries(p);
  for (const auto& out : log.outputs()) removed += disk.remove(out);
  for (const auto& job : p.graph.jobs())
    if (!job.log.empty()) removed += disk.remove(job.log);
  disk.remove(p.log_path);
  return removed;
}

}  // namespace parkit::workloads
