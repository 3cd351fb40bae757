// parkit pipeline: the Snakefile's workflow, incremental, on any backend.
#include <fmt/format.h>

#include <cstdio>
#include <optional>

#include "cli.hpp"
#include "parkit/clock.hpp"
#include "parkit/errors.hpp"
#include "parkit/run.hpp"
#include "parkit/version.hpp"
#include "parkit/workloads/corpus_pipeline.hpp"

namespace parkit::cli {

namespace {

struct Args {
  std::string dir;
  TeamOptions team;
  bool dry_run = false, dag = false, delete_all = false, keep_going = false, quiet = false;
};

}  // namespace

Command add_pipeline(CLI::App& app) {
  auto* sub = app.add_subcommand("pipeline",
                                 "The word-count workflow over DIR/*.txt (counts, Zipf table, "
                                 "ACFs), incremental and parallel");
  auto a = std::make_shared<Args>();
  sub->add_option("DIR", a->dir, "directory of books (*.txt)")->required();
  a->team.add_to(*sub, "threads", "-j,--jobs,--workers",
                 "jobs at once (serial: 1; mpi: one on each rank but 0, which plans)");
  sub->add_flag("-n,--dry-run", a->dry_run,
                "list the jobs that would run, and why; change nothing");
  sub->add_flag("--dag", a->dag, "print the job graph as Graphviz DOT and stop");
  sub->add_flag("--delete-all-output", a->delete_all, "remove every file the pipeline made");
  sub->add_flag("--keep-going", a->keep_going,
                "go on past a failed job (the exit code still says 1)");
  sub->add_flag("-q,--quiet", a->quiet, "no progress lines");
  return {
      sub, [a] {
        Team team = a->team.team();
        auto p = workloads::corpus_pipeline(a->dir);
        // Only the process that speaks for the team looks or deletes; under mpirun the
        // other ranks have nothing to do then.
        if (!leads(team) && (a->dag || a->delete_all || a->dry_run)) return 0;
        if (a->dag) {
          fmt::print("{}", p.graph.dot());
          return 0;
        }
        pipeline::RealDisk disk;
        // One run at a time on a folder (under mpirun, rank 0 holds it for the job).
        std::optional<workloads::PipelineLock> lock;
        if (leads(team) && !a->dry_run)
          lock.emplace(p, [&] {
            fmt::print(stderr, "parkit: note: waiting for another parkit pipeline on {}\n", a->dir);
          });
        if (a->delete_all) {
          fmt::print("removed {} files made by the pipeline\n", workloads::delete_outputs(p, disk));
          return 0;
        }
        auto planned = workloads::plan_pipeline(p, disk, version());
        const auto& plan = planned.plan;
        if (a->dry_run) {
          for (std::size_t j = 0; j < plan.dirty.size(); ++j)
            if (plan.dirty[j])
              fmt::print("would run {}: {}\n", p.graph.jobs()[j].name, plan.why[j]);
          fmt::print("{} of {} jobs would run\n", plan.count(), plan.dirty.size());
          return 0;
        }
        if (plan.count() == 0) {
          fmt::print("nothing to do: all {} outputs are up to date\n", plan.dirty.size());
          return 0;
        }
        Stopwatch w;
        pipeline::BuildOptions o{a->keep_going, version(), {}};
        if (!a->quiet)
          o.progress = [](const std::string& line) {
            fmt::print("{}\n", line);
            std::fflush(stdout);  // show progress as it happens, even into a pipe
          };
        auto r = workloads::run_pipeline(p, planned, disk, team, team.workers, o);
        fmt::print("ran {} jobs on {} ({} at once), {} failed, {} skipped, in {:.2f} s\n", r.ran,
                   to_string(team.backend), r.at_once, r.failed, r.skipped, w.seconds());
        for (const auto& e : r.errors) fmt::print(stderr, "parkit: error: {}\n", e);
        return r.failed ? 1 : 0;
      }};
}

}  // namespace parkit::cli
