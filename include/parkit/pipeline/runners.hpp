// The real runners: jobs run in this process (serial), on a ThreadPool, a ProcessPool, or on the
// other ranks of a team (TeamPool: the mpi backend).
#pragma once

#include <memory>

#include "parkit/comm.hpp"
#include "parkit/pipeline/builder.hpp"
#include "parkit/team.hpp"

namespace parkit::pipeline {

// At most `jobs` jobs at once (serial: one).
// serial, threads or processes (mpi needs a team: make_team_runner).
std::unique_ptr<Runner> make_runner(Backend backend, int jobs);

// On rank 0 of c, while every other rank is in serve_team_pool(c): jobs run on those ranks, one
// each at a time (on rank 0 itself in a team of one).
std::unique_ptr<Runner> make_team_runner(Comm& c);

}  // namespace parkit::pipeline
