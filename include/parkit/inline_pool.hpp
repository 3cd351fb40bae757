// The serial backend's pool: a pool of one that runs each task in the caller's thread as it is
// submitted (the futures are ready when submit returns). Same vocabulary as the other pools.
#pragma once

#include "parkit/pool_api.hpp"
#include "parkit/team.hpp"

namespace parkit {

class InlinePool : public PoolApi<InlinePool> {
 public:
  // One worker, whatever is asked: the serial backend (the count is checked like any pool's).
  explicit InlinePool(int workers = 1) { check_workers(workers); }
  int workers() const noexcept { return 1; }

  template <class Mode, class F, class T>
  void submit_chunk(const F& f, std::vector<T> items, std::size_t first, detail::CancelFlag cancel,
                    detail::ChunkDone<detail::result_t<Mode, F, T>> done) {
    detail::run_chunk_to<Mode>(f, items, first, 0, cancel, done);
  }
};

}  // namespace parkit
