// Timing a workload on a list of teams for the tour and `parkit scale`: every team once per
// round, `repeat` rounds, so a noisy moment spreads over all of them. A team on the mpi backend
// is an MPI point (mpi_point.hpp): its time is the one measured inside the mpirun job. One
// untimed serial run comes first (a warm-up).
#pragma once

#include <string>
#include <vector>

#include "parkit/report/scale.hpp"
#include "workload_runs.hpp"

namespace parkit::cli {

std::vector<report::ScalePoint> measure_points(const std::string& workload, WorkloadRun& w,
                                               const WorkloadParams& p,
                                               const std::vector<Team>& teams, int repeat);

}  // namespace parkit::cli
