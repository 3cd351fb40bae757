// parkit::run: SPMD code on any team, returning rank 0's result.
//
// threads, processes: the calling thread becomes rank 0 and the other ranks are started for the
// call. If any rank fails, every other rank is cancelled and run throws the first failure
// (TaskError, WorkerCrashed, ...), after every thread and process of the team is gone.
//
// mpi: every process mpirun started calls run, and each runs fn as its rank of MPI_COMM_WORLD.
// Rank 0's result is broadcast, so run returns the same value on every process (a result that
// is not serializable stays each rank's own). A rank that throws aborts the whole job with its
// message (MPI has no way to cancel the others). Outside mpirun, mpi is a team of one.
#pragma once

#include <functional>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>

#include "parkit/comm.hpp"
#include "parkit/team.hpp"

namespace parkit {

// Whether this process speaks for the team after run() (prints, writes the outputs): always,
// except on the MPI ranks other than 0, which computed the same result.
bool leads(const Team& team);

namespace detail {
void run_team(const Team& team, const std::function<void(Comm&)>& fn);
// Whether every process of the job runs fn as one of its ranks (mpi), rather than this process
// starting the others for the call.
bool every_process_is_a_rank(const Team& team) noexcept;
}  // namespace detail

template <class F>
requires std::is_invocable_v<F&, Comm&>
auto run(const Team& team, F&& fn) -> std::invoke_result_t<F&, Comm&> {
  using R = std::invoke_result_t<F&, Comm&>;
  if constexpr (std::is_void_v<R>) {
    detail::run_team(team, [&](Comm& c) { fn(c); });
  } else {
    // Only the rank running on this thread keeps its result (children of a processes team
    // write to their own copy of `out`; other threads of a threads team skip it).
    std::optional<R> out;
    const auto caller = std::this_thread::get_id();
    detail::run_team(team, [&](Comm& c) {
      R r = fn(c);
      if (detail::every_process_is_a_rank(team)) {
        if constexpr (Serializable<R>) c.bcast(r, 0);
        out.emplace(std::move(r));
      } else if (std::this_thread::get_id() == caller) {
        out.emplace(std::move(r));
      }
    });
    return std::move(*out);
  }
}

}  // namespace parkit
