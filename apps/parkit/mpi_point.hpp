// The harness's MPI points: a workload run on W MPI ranks that mpirun starts for it, timed
// inside the job (mpirun's own start, about 0.5 s here, is not the workload's).
#pragma once

#include <string>

#include "workload_runs.hpp"

namespace parkit::cli {

// Why MPI points cannot run here ("" when they can): no MPI in this build, no mpirun on PATH,
// or root without OpenMPI's two OMPI_ALLOW_RUN_AS_ROOT variables (mpirun refuses root).
std::string why_no_mpi_points();

// The workloads that can run as MPI points: all but invert and csvify (threads in one process).
bool runs_on_mpi(const std::string& workload);

// What the harness compares: a hash of a run's result (equal on every build of this program).
std::string result_hash(const std::string& result);

struct MpiPointRun {
  double seconds = 0;
  std::string result_hash;
};
// Runs `mpirun -np W this-program scale WORKLOAD --mpi-point <the workload's options>` and reads
// what rank 0 reports. Throws Error when mpirun fails or reports nothing.
// shared_dir: the run's inputs made by this process (the pipeline's corpus), passed to the ranks.
MpiPointRun run_mpi_point(const std::string& workload, const WorkloadParams& p, int workers,
                          const std::string& shared_dir = "");

// The other side, under mpirun: runs the workload once on the MPI team; rank 0 prints
// "parkit-point SECONDS HASH".
void serve_mpi_point(const std::string& workload, const WorkloadParams& p);

}  // namespace parkit::cli
