#include "mpi_point.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <functional>
#include <sstream>

#include "mpi_build.hpp"
#include "parkit/clock.hpp"
#include "parkit/errors.hpp"
#include "parkit/files.hpp"
#include "parkit/mpi.hpp"
#include "parkit/program.hpp"
#include "parkit/run.hpp"

namespace parkit::cli {

std::string why_no_mpi_points() {
  if (!mpi_offered()) return "this parkit has no MPI";
  if (find_on_path("mpirun").empty()) return "no mpirun on PATH";
  // NOLINTNEXTLINE(concurrency-mt-unsafe): read only
  if (::geteuid() == 0 && !(std::getenv("OMPI_ALLOW_RUN_AS_ROOT") &&
                            std::getenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM")))  // NOLINT
    return "mpirun refuses root unless OMPI_ALLOW_RUN_AS_ROOT=1 and "
           "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 are set";
  return {};
}

bool runs_on_mpi(const std::string& workload) {
  return workload != "invert" && workload != "csvify";
}

std::string result_hash(const std::string& result) {
  return fmt::format("{:016x}", std::hash<std::string>()(result));
}

MpiPointRun run_mpi_point(const std::string& workload, const WorkloadParams& p, int workers,
                          const std::string& shared_dir) {
  std::vector<std::string> argv{"mpirun", "-np", std::to_string(workers)};
  if (workers > hardware_workers()) argv.emplace_back("--oversubscribe");
  for (std::string a : {this_program(), std::string("scale"), workload, std::string("--mpi-point")})
    argv.push_back(std::move(a));
  for (auto& a : workload_option_args(p)) argv.push_back(std::move(a));
  if (!shared_dir.empty()) {
    argv.emplace_back("--corpus-dir");
    argv.push_back(shared_dir);
  }
  // mpirun's session folder goes in a folder of ours: mpirun stopped at the wrong moment (an
  // interrupted tour) can leave it behind, and this one is removed whatever happens.
  TempDir session("parkit-mpirun");
  auto run = run_program(argv, {"TMPDIR=" + session.path()});
  MpiPointRun r;
  auto at = run.out.find("parkit-point ");
  std::istringstream line(at == std::string::npos ? std::string() : run.out.substr(at + 13));
  if (run.exit_code != 0 || !(line >> r.seconds >> r.result_hash))
    throw Error(fmt::format("mpirun -np {} ... scale {} --mpi-point failed (exit {})", workers,
                            workload, run.exit_code));
  return r;
}

void serve_mpi_point(const std::string& workload, const WorkloadParams& p) {
  if (!mpi::launched()) throw UsageError("--mpi-point: only under mpirun (scale starts it)");
  WorkloadRun w = make_workload_run(workload, p);
  Team team = make_team(Backend::mpi, mpi::world_size());
  run(team, [](Comm& c) { c.barrier(); });  // every rank started: the clock counts the work only
  Stopwatch clock;
  std::string result = w.run(team);
  double seconds = clock.seconds();
  if (leads(team)) fmt::print("parkit-point {:.9g} {}\n", seconds, result_hash(result));
}

}  // namespace parkit::cli
