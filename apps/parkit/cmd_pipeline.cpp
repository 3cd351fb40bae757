// parkit pipeline: the Snakefile's workflow, incremental, on any backend.
#include <fmt/format.h>

#include <cstdio>

#include "cli.hpp"
#include "parkit/mpi.hpp"
#include "parkit/clock.hpp"
#include "parkit/errors.hpp"
#include "parkit/pipeline/plan.hpp"
#include "parkit/version.hpp"
#include "parkit/workloads/corpus_pipeline.hpp"

namespace parkit::cli {

namespace {

struct Args {
  std::string dir;
  int jobs = hardware_workers();
  std::string backend = "threads";
  bool dry_run = false, dag = false, delete_all = false, keep_going = false, quiet = false;
};

}  // namespace

Command add_pipeline(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "pipeline",
      "The word-count workflow over DIR/*.txt (counts, Zipf table, ACFs), incremental and parallel");
  auto a = std::make_shared<Args>();
  sub->add_option("DIR", a->dir, "directory of books (*.txt)")->required();
  sub->add_option("-j,--jobs", a->jobs, "jobs at once (default: cores)")->check(int_in_range(1, max_workers));
  sub->add_option("--backend", a->backend,
                  "where jobs run: serial, threads, processes, or mpi (under mpirun: rank 0 "
                  "plans and hands jobs to the other ranks; -j is ignored)")
      ->check(CLI::IsMember({"serial", "threads", "processes", "mpi"}))
      ->capture_default_str();
  sub->add_flag("-n,--dry-run", a->dry_run, "list the jobs that would run, and why; change nothing");
  sub->add_flag("--dag", a->dag, "print the job graph as Graphviz DOT and stop");
  sub->add_flag("--delete-all-output", a->delete_all, "remove every file the pipeline made");
  sub->add_flag("--keep-going", a->keep_going, "go on past a failed job (the exit code still says 1)");
  sub->add_flag("-q,--quiet", a->quiet, "no progress lines");
  return {sub, [a] {
            Backend backend = parse_backend(a->backend);
            int jobs = backend == Backend::serial ? 1 : a->jobs;
            bool worker_rank = false;  // an MPI rank other than 0: it only runs jobs
            if (backend == Backend::mpi) {
              Team t = TeamOptions{"mpi"}.team();  // silences ranks other than 0
              jobs = std::max(t.workers - 1, 1);
              worker_rank = mpi::world_rank() != 0;
            }
            auto p = workloads::corpus_pipeline(a->dir);
            if (worker_rank && (a->dag || a->delete_all || a->dry_run)) return 0;
            if (a->dag) {
              fmt::print("{}", p.graph.dot());
              return 0;
            }
            pipeline::RealDisk disk;
            if (a->delete_all) {
              fmt::print("removed {} files made by the pipeline\n", workloads::delete_outputs(p, disk));
              return 0;
            }
            auto plan = pipeline::make_plan(p.graph, pipeline::BuildLog::load(disk, p.log_path),
                                            disk, version());
            if (a->dry_run) {
              for (std::size_t j = 0; j < plan.dirty.size(); ++j)
                if (plan.dirty[j]) fmt::print("would run {}: {}\n", p.graph.jobs()[j].name, plan.why[j]);
              fmt::print("{} of {} jobs would run\n", plan.count(), plan.dirty.size());
              return 0;
            }
            if (plan.count() == 0) {
              fmt::print("nothing to do: all {} outputs are up to date\n", plan.dirty.size());
              return 0;
            }
            Stopwatch w;
            pipeline::BuildOptions o{a->keep_going, version(), p.log_path, {}};
            if (!a->quiet)
              o.progress = [](const std::string& line) {
                fmt::print("{}\n", line);
                std::fflush(stdout);  // show progress as it happens, even into a pipe
              };
            auto r = workloads::run_pipeline(p, disk, backend, jobs, o);
            fmt::print("ran {} jobs on {} ({} at once), {} failed, {} skipped, in {:.2f} s\n", r.ran,
                       to_string(backend), jobs, r.failed, r.skipped, w.seconds());
            for (const auto& e : r.errors) fmt::print(stderr, "parkit: error: {}\n", e);
            return r.failed ? 1 : 0;
          }};
}

}  // namespace parkit::cli
