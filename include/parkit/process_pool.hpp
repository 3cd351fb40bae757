// A pool of forked worker processes kept warm across calls, with the Python vocabulary
// (pool_api.hpp). Workers are forked when the pool is built, so a task must be something that
// means the same in a copy of this process made then: a plain function, or a trivially copyable
// function object (a lambda capturing values, or nothing). Its arguments and results cross the
// process boundary, so they must be serializable. Both are checked at compile time.
//
// A worker that dies (signal, _exit, crash) fails the task it held with WorkerCrashed, and the
// pool is broken from then on (like concurrent.futures' BrokenProcessPool): every pending and
// later task fails with the same WorkerCrashed.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <new>
#include <span>
#include <type_traits>
#include <vector>

#include "parkit/detail/pool_task.hpp"
#include "parkit/pool_api.hpp"
#include "parkit/serialization.hpp"
#include "parkit/team.hpp"

namespace parkit {

class ProcessPool : public PoolApi<ProcessPool> {
 public:
  explicit ProcessPool(int workers = hardware_workers());
  // Finishes every task already submitted, then stops and reaps the workers.
  ~ProcessPool();
  ProcessPool(const ProcessPool&) = delete;
  ProcessPool& operator=(const ProcessPool&) = delete;

  int workers() const noexcept;
  // The worker processes' ids (for tests and diagnostics).
  std::vector<int> pids() const;

  template <class Mode, class F, class T>
  void submit_chunk(const F& f, std::vector<T> items, std::size_t first, detail::CancelFlag cancel,
                    detail::ChunkDone<detail::result_t<Mode, F, T>> done) {
    using R = detail::result_t<Mode, F, T>;
    static_assert(std::is_trivially_copyable_v<F>,
                  "parkit::ProcessPool: the task must be a plain function or a trivially "
                  "copyable function object (its bytes are sent to a forked worker); capture "
                  "values, not std::string/std::vector/references to later state");
    static_assert(Serializable<std::vector<T>>,
                  "parkit::ProcessPool: task arguments must be serializable");
    static_assert(Serializable<std::vector<R>>,
                  "parkit::ProcessPool: task results must be serializable");
    enqueue(&detail::trampoline<Mode, F, T>, first, detail::encode_chunk(f, items),
            std::move(cancel), detail::decode_results<R>(std::move(done)));
  }

 private:
  struct Impl;
  void enqueue(detail::Trampoline fn, std::uint64_t first, Bytes payload, detail::CancelFlag cancel,
               detail::ReplyDone done);
  std::unique_ptr<Impl> impl_;
};

}  // namespace parkit
