#include "parkit/pipeline/builder.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>
#include <deque>

#include "parkit/progress.hpp"

namespace parkit::pipeline {

namespace {
std::string now_text() {
  return fmt::format("{:%Y-%m-%d %H:%M:%S}", fmt::localtime(std::time(nullptr)));
}
}  // namespace

BuildResult build(const Graph& g, const Plan& plan, Runner& runner, BuildLog& log, Disk& disk,
                  const BuildOptions& o) {
  const auto& jobs = g.jobs();
  BuildResult res;
  res.at_once = runner.capacity();
  std::vector<std::size_t> waiting(jobs.size(), 0);
  std::vector<char> blocked(jobs.size(), 0);  // a dependency failed
  std::deque<std::size_t> ready;
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    if (!plan.dirty[j]) continue;
    for (auto d : g.deps(j)) waiting[j] += plan.dirty[d] != 0;
    if (waiting[j] == 0) ready.push_back(j);
  }
  using clock = std::chrono::steady_clock;
  std::vector<clock::time_point> started(jobs.size());
  const std::size_t total = plan.count();
  std::size_t running = 0, finished = 0;
  bool stop = false;
  Progress bar("jobs", total);
  // A line of o.progress goes above the bar.
  auto say = [&](const std::string& line) {
    if (!o.progress) return;
    bar.clear();
    o.progress(line);
  };
  auto note = [&](const Job& job, const std::string& text) {
    if (!job.log.empty()) disk.append(job.log, fmt::format("[{}] {}", now_text(), text));
  };
  auto block_dependents = [&](std::size_t j, auto&& self) -> void {
    for (auto k : g.dependents(j))
      if (plan.dirty[k] && !blocked[k]) {
        blocked[k] = 1;
        self(k, self);
      }
  };
  while (!ready.empty() || running > 0) {
    while (!stop && running < runner.capacity() && !ready.empty()) {
      std::size_t j = ready.front();
      ready.pop_front();
      note(jobs[j], fmt::format("start {}", jobs[j].name));
      started[j] = clock::now();
      runner.start(j, jobs[j]);
      ++running;
    }
    if (running == 0) break;
    Runner::Done done = runner.wait();
    --running;
    ++finished;
    const Job& job = jobs[done.id];
    double secs = std::chrono::duration<double>(clock::now() - started[done.id]).count();
    if (done.already_reported) {
      note(job, fmt::format("not run {}: {}", job.name, done.error));
      block_dependents(done.id, block_dependents);
      stop = stop || !o.keep_going;
    } else if (done.error.empty()) {
      ++res.ran;
      log.record(job, disk, o.version);
      log.save(disk);
      note(job, fmt::format("done {} in {:.3f} s", job.name, secs));
      say(fmt::format("[{}/{}] {}", finished, total, job.name));
      for (auto k : g.dependents(done.id))
        if (plan.dirty[k] && !blocked[k] && --waiting[k] == 0) ready.push_back(k);
    } else {
      ++res.failed;
      res.errors.push_back(fmt::format("{}: {}", job.name, done.error));
      note(job, fmt::format("FAILED {}: {}", job.name, done.error));
      say(fmt::format("[{}/{}] {} FAILED: {}", finished, total, job.name, done.error));
      block_dependents(done.id, block_dependents);
      if (!o.keep_going) stop = true;
    }
    bar.advance();
  }
  res.skipped = total - res.ran - res.failed;
  return res;
}

}  // namespace parkit::pipeline
