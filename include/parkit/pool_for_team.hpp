// The one place that chooses a pool for a team (the pools' counterpart of run() for SPMD code):
//   serial     an InlinePool (tasks run in the caller's thread)
//   threads    a ThreadPool of `width` threads
//   processes  a ProcessPool of `width` forked workers
//   mpi        a TeamPool: rank 0 runs fn and hands tasks to the other ranks (width is the team's)
// fn is called with the pool (a generic lambda takes any of them) on the process that speaks for
// the team (leads()); under mpirun every rank calls with_pool, and the others serve tasks.
#pragma once

#include <utility>

#include "parkit/inline_pool.hpp"
#include "parkit/process_pool.hpp"
#include "parkit/run.hpp"
#include "parkit/team.hpp"
#include "parkit/team_pool.hpp"
#include "parkit/thread_pool.hpp"

namespace parkit {

template <class Fn>
void with_pool(const Team& team, int width, Fn&& fn) {
  switch (team.backend) {
    case Backend::serial: {
      InlinePool pool;
      fn(pool);
      return;
    }
    case Backend::threads: {
      ThreadPool pool(width);
      fn(pool);
      return;
    }
    case Backend::processes: {
      ProcessPool pool(width);
      fn(pool);
      return;
    }
    case Backend::mpi:
      run(team, [&](Comm& c) { with_team_pool(c, [&](TeamPool& pool) { fn(pool); }); });
      return;
  }
}

}  // namespace parkit
