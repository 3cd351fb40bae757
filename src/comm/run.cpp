#include "parkit/run.hpp"

#include "comm/mpi_run.hpp"
#include "comm/process_comm.hpp"
#include "comm/thread_comm.hpp"
#include "parkit/mpi.hpp"

namespace parkit {

bool leads(const Team& team) {
  return !detail::every_process_is_a_rank(team) || mpi::world_rank() == 0;
}

}  // namespace parkit

namespace parkit::detail {

bool every_process_is_a_rank(const Team& team) noexcept { return team.backend == Backend::mpi; }

void run_team(const Team& team, const std::function<void(Comm&)>& fn) {
  switch (team.backend) {
    case Backend::serial:
      return run_threads(1, fn);
    case Backend::threads:
      return run_threads(team.workers, fn);
    case Backend::processes:
      return run_processes(team.workers, fn);
    case Backend::mpi:
      return run_mpi(fn);
  }
}

}  // namespace parkit::detail
