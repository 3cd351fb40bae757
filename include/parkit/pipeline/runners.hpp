// The real runners: a pipeline's jobs run on the pool that with_pool (parkit/pool_for_team.hpp)
// chooses for a team: in this process (serial), on a ThreadPool, a ProcessPool, or on the other
// ranks of an MPI job (TeamPool).
#pragma once

#include <functional>

#include "parkit/pipeline/builder.hpp"
#include "parkit/team.hpp"

namespace parkit::pipeline {

// Calls fn with a runner whose jobs run on the team, at most `jobs` at once (serial: one; mpi:
// one on each rank other than 0). Under mpirun every rank calls it; fn runs on rank 0 only, and
// the other ranks run jobs until it returns.
void with_runner(const Team& team, int jobs, const std::function<void(Runner&)>& fn);

}  // namespace parkit::pipeline
