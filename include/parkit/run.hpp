// parkit::run: SPMD code on any team. The calling thread becomes rank 0 (threads, processes) and
// the other ranks are started for the call; run returns the calling rank's result. If any rank
// fails, every other rank is cancelled and run throws the first failure (TaskError,
// WorkerCrashed, ...), after every thread and process of the team is gone.
#pragma once

#include <functional>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>

#include "parkit/comm.hpp"
#include "parkit/team.hpp"

namespace parkit {

namespace detail {
void run_team(const Team& team, const std::function<void(Comm&)>& fn);
}

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
      if (std::this_thread::get_id() == caller) out.emplace(std::move(r));
    });
    return std::move(*out);
  }
}

}  // namespace parkit
