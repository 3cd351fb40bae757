// The pipeline's scheduler, tested on a fake disk and a fake runner: no processes, no sleeps.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "parkit/errors.hpp"
#include "parkit/pipeline/builder.hpp"
#include "parkit/pipeline/plan.hpp"

using namespace parkit;
using namespace parkit::pipeline;

namespace {

class FakeDisk final : public Disk {
 public:
  std::map<std::string, std::pair<std::int64_t, std::string>> files;
  std::int64_t clock = 100;
  int writes = 0;

  void touch(const std::string& p, std::string content = "x") {
    files[p] = {++clock, std::move(content)};
  }
  std::optional<std::int64_t> mtime(const std::string& p) override {
    auto it = files.find(p);
    if (it == files.end()) return std::nullopt;
    return it->second.first;
  }
  std::optional<std::string> read(const std::string& p) override {
    auto it = files.find(p);
    if (it == files.end()) return std::nullopt;
    return it->second.second;
  }
  void write_atomic(const std::string& p, std::string_view c) override {
    ++writes;
    touch(p, std::string(c));
  }
  void append(const std::string& p, std::string_view line) override {
    ++writes;
    files[p].second += std::string(line) + "\n";
  }
  bool remove(const std::string& p) override { return files.erase(p) > 0; }
};

// Runs jobs by "making" their outputs on the fake disk, in the order they were started, except
// that jobs named in `fail` fail, and after `crash_after` completions the runner stops (as if
// the process was killed) having written the output of the job in hand but not reported it.
class FakeRunner final : public Runner {
 public:
  FakeRunner(FakeDisk& d, std::size_t cap) : disk(d), cap_(cap) {}
  FakeDisk& disk;
  std::set<std::string> fail;
  std::set<std::string> lost;  // fail as jobs stopped by a failure reported for another job
  std::vector<std::string> started;
  std::size_t max_running = 0;

  std::size_t capacity() const override { return cap_; }
  void start(std::size_t id, const Job& job) override {
    started.push_back(job.name);
    queue_.push_back({id, &job});
    max_running = std::max(max_running, queue_.size());
  }
  Done wait() override {
    auto [id, job] = queue_.front();
    queue_.erase(queue_.begin());
    if (fail.count(job->name)) return {id, "it broke"};
    if (lost.count(job->name)) return {id, "it broke", true};
    for (const auto& o : job->outputs) disk.touch(o, "made by " + job->name);
    return {id, ""};
  }

 private:
  std::size_t cap_;
  std::vector<std::pair<std::size_t, const Job*>> queue_;
};

// Two books: a, b → a.dat, b.dat → table; and per-book acf from book + dat.
Graph corpus_like(std::string params = "p=1") {
  Graph g;
  for (std::string b : {"a", "b"})
    g.add({"count " + b, "count", {}, {b + ".txt"}, {b + ".dat"}, params, b + ".log"});
  g.add({"table", "table", {}, {"a.dat", "b.dat"}, {"table.csv"}, params, "table.log"});
  for (std::string b : {"a", "b"})
    g.add({"acf " + b,
           "acf",
           {},
           {b + ".txt", b + ".dat"},
           {"acf_" + b + ".csv"},
           params,
           b + ".log"});
  return g;
}

struct Fixture {
  FakeDisk disk;
  Graph g = corpus_like();
  BuildLog log = BuildLog::load(disk, "build.log");
  Fixture() {
    disk.touch("a.txt");
    disk.touch("b.txt");
  }
  BuildResult run(FakeRunner& r, bool keep_going = false, const std::string& version = "1") {
    log = BuildLog::load(disk, "build.log");
    auto plan = make_plan(g, log, disk, version);
    return build(g, plan, r, log, disk, {keep_going, version, {}});
  }
  std::vector<std::string> dirty(const std::string& version = "1") {
    auto l = BuildLog::load(disk, "build.log");
    auto plan = make_plan(g, l, disk, version);
    std::vector<std::string> out;
    for (std::size_t j = 0; j < plan.dirty.size(); ++j)
      if (plan.dirty[j]) out.push_back(g.jobs()[j].name);
    return out;
  }
};

using Names = std::vector<std::string>;

}  // namespace

TEST(Pipeline, GraphKnowsProducersAndPrintsDot) {
  Graph g = corpus_like();
  EXPECT_EQ(g.deps(2), (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(g.deps(3), (std::vector<std::size_t>{0}));
  EXPECT_EQ(g.dependents(0), (std::vector<std::size_t>{2, 3}));
  EXPECT_NE(g.dot().find("j0 -> j2;"), std::string::npos);
  EXPECT_THROW(g.add({"again", "x", {}, {}, {"a.dat"}, "", ""}), Error);
}

TEST(Pipeline, FirstRunBuildsEverythingInDependencyOrderThenNothing) {
  Fixture f;
  FakeRunner r(f.disk, 2);
  auto res = f.run(r);
  EXPECT_EQ(res.ran, 5u);
  // acf a is ready as soon as count a is done; the table waits for both counts.
  EXPECT_EQ(r.started, (Names{"count a", "count b", "acf a", "table", "acf b"}));
  EXPECT_LE(r.max_running, 2u);
  EXPECT_TRUE(f.dirty().empty());
  EXPECT_NE(f.disk.files["a.log"].second.find("done count a"), std::string::npos);
}

TEST(Pipeline, TouchingOneBookRerunsOnlyItsJobsAndTheTable) {
  Fixture f;
  FakeRunner first(f.disk, 2);
  f.run(first);
  f.disk.touch("b.txt");
  EXPECT_EQ(f.dirty(), (Names{"count b", "table", "acf b"}));
  FakeRunner again(f.disk, 2);
  EXPECT_EQ(f.run(again).ran, 3u);
  EXPECT_TRUE(f.dirty().empty());
}

TEST(Pipeline, ParametersVersionAndMissingOutputsMakeJobsDirty) {
  Fixture f;
  FakeRunner r(f.disk, 1);
  f.run(r);
  EXPECT_EQ(f.dirty("2").size(), 5u);  // a new parkit rebuilds everything
  f.g = corpus_like("p=2");
  EXPECT_EQ(f.dirty().size(), 5u);
  f.g = corpus_like();
  f.disk.remove("acf_a.csv");
  EXPECT_EQ(f.dirty(), (Names{"acf a"}));
  auto log = BuildLog::load(f.disk, "build.log");
  auto plan = make_plan(f.g, log, f.disk, "1");
  EXPECT_EQ(plan.why[3], "output acf_a.csv is missing");
}

TEST(Pipeline, DryRunPlanningChangesNothing) {
  Fixture f;
  int before = f.disk.writes;
  auto files = f.disk.files;
  auto log = BuildLog::load(f.disk, "build.log");
  auto plan = make_plan(f.g, log, f.disk, "1");
  EXPECT_EQ(plan.count(), 5u);
  EXPECT_EQ(plan.why[2], "'count a' will run first");
  EXPECT_EQ(f.disk.writes, before);
  EXPECT_EQ(f.disk.files, files);
}

TEST(Pipeline, AFailureStopsNewJobsUnlessKeepGoing) {
  {
    Fixture f;
    FakeRunner r(f.disk, 1);
    r.fail = {"count a"};
    auto res = f.run(r);
    EXPECT_EQ(res.failed, 1u);
    EXPECT_EQ(res.ran, 0u);
    EXPECT_EQ(res.skipped, 4u);
    EXPECT_EQ(res.errors, (Names{"count a: it broke"}));
  }
  {
    Fixture f;
    FakeRunner r(f.disk, 1);
    r.fail = {"count a"};
    auto res = f.run(r, true);
    EXPECT_EQ(res.ran, 2u);  // count b, acf b; table and acf a depend on the failure
    EXPECT_EQ(res.skipped, 2u);
    EXPECT_EQ(r.started, (Names{"count a", "count b", "acf b"}));
    EXPECT_EQ(f.dirty(), (Names{"count a", "table", "acf a"}));
  }
}

TEST(Pipeline, AFailureThatStoppedSeveralJobsIsOneError) {
  Fixture f;
  FakeRunner r(f.disk, 2);
  r.fail = {"count a"};
  r.lost = {"count b"};
  auto res = f.run(r, true);
  EXPECT_EQ(res.failed, 1u);
  EXPECT_EQ(res.ran, 0u);
  EXPECT_EQ(res.skipped, 4u);  // count b was stopped, not failed; the rest depend on a or b
  EXPECT_EQ(res.errors, (Names{"count a: it broke"}));
  EXPECT_EQ(f.dirty(), (Names{"count a", "count b", "table", "acf a", "acf b"}));
}

TEST(Pipeline, AnInterruptedRunIsRepairedByTheNext) {
  Fixture f;
  FakeRunner r(f.disk, 1);
  r.fail = {"table"};  // the run ends at the table...
  f.run(r);
  // ...and a killed job may even have written its output before anyone recorded it.
  f.disk.touch("table.csv", "written, never recorded");
  auto dirty = f.dirty();
  EXPECT_NE(std::find(dirty.begin(), dirty.end(), "table"), dirty.end());
  EXPECT_EQ(std::find(dirty.begin(), dirty.end(), "count a"), dirty.end());  // kept
  auto log = BuildLog::load(f.disk, "build.log");
  auto plan = make_plan(f.g, log, f.disk, "1");
  EXPECT_EQ(plan.why[2], "no record of how table.csv was built");
  FakeRunner again(f.disk, 1);
  EXPECT_EQ(f.run(again).ran, dirty.size());
  EXPECT_TRUE(f.dirty().empty());
  EXPECT_EQ(f.disk.files["table.csv"].second, "made by table");
}

TEST(Pipeline, BuildLogSurvivesAReloadAndIgnoresCorruptLines) {
  FakeDisk disk;
  disk.touch("in");
  Job job{"j", "x", {}, {"in"}, {"out"}, "k=v", ""};
  BuildLog log = BuildLog::load(disk, "log");
  log.record(job, disk, "9");
  log.save(disk);
  disk.files["log"].second += "garbage line without tabs\nout2\tv\tp\tin=notanumber\n";
  auto back = BuildLog::load(disk, "log");
  ASSERT_NE(back.find("out"), nullptr);
  EXPECT_EQ(back.find("out")->params, "k=v");
  EXPECT_EQ(back.find("out")->inputs[0].second, disk.files["in"].first);
  EXPECT_EQ(back.find("out2"), nullptr);
  EXPECT_EQ(back.outputs(), (Names{"out"}));
}
