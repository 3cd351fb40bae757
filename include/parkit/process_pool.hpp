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

#include "parkit/pool_api.hpp"
#include "parkit/serialization.hpp"
#include "parkit/team.hpp"

namespace parkit {

namespace pool_detail {

// Runs one chunk inside a worker: decodes the function object and the items from `payload`,
// runs them, and returns the encoded results. `hold` records the task in hand for crash reports.
using Trampoline = Bytes (*)(std::span<const std::byte> payload, std::uint64_t first, int worker,
                             void (*hold)(std::int64_t));

template <class Mode, class F, class T>
Bytes trampoline(std::span<const std::byte> payload, std::uint64_t first, int worker,
                 void (*hold)(std::int64_t)) {
  alignas(F) std::byte storage[sizeof(F)];
  std::memcpy(storage, payload.data(), sizeof(F));
  const F& f = *std::launder(reinterpret_cast<const F*>(storage));
  std::vector<T> items;
  read_bytes(payload.subspan(sizeof(F)), items);
  return to_bytes(run_chunk<Mode>(f, items, first, worker, hold));
}

// What a pool sends for a chunk: the function object's bytes, then the items (trampoline's input).
template <class F, class T>
Bytes encode_chunk(const F& f, const std::vector<T>& items) {
  Bytes payload(sizeof(F));
  std::memcpy(payload.data(), &f, sizeof(F));
  append_bytes(payload, items);
  return payload;
}

// Turns a chunk's encoded results (or its failure) into the values `done` expects.
template <class R>
std::function<void(Bytes&&, std::exception_ptr)> decode_results(ChunkDone<R> done) {
  return [done = std::move(done)](Bytes&& result, std::exception_ptr e) {
    if (e) return done({}, e);
    std::vector<R> out;
    try {
      out = from_bytes<std::vector<R>>(result);
    } catch (...) {
      return done({}, std::current_exception());
    }
    done(std::move(out), nullptr);
  };
}

}  // namespace pool_detail

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
  void submit_chunk(const F& f, std::vector<T> items, std::size_t first,
                    pool_detail::CancelFlag cancel,
                    pool_detail::ChunkDone<pool_detail::result_t<Mode, F, T>> done) {
    using R = pool_detail::result_t<Mode, F, T>;
    static_assert(std::is_trivially_copyable_v<F>,
                  "parkit::ProcessPool: the task must be a plain function or a trivially "
                  "copyable function object (its bytes are sent to a forked worker); capture "
                  "values, not std::string/std::vector/references to later state");
    static_assert(Serializable<std::vector<T>>,
                  "parkit::ProcessPool: task arguments must be serializable");
    static_assert(Serializable<std::vector<R>>,
                  "parkit::ProcessPool: task results must be serializable");
    enqueue(&pool_detail::trampoline<Mode, F, T>, first, pool_detail::encode_chunk(f, items),
            std::move(cancel), pool_detail::decode_results<R>(std::move(done)));
  }

 private:
  struct Impl;
  void enqueue(pool_detail::Trampoline fn, std::uint64_t first, Bytes payload,
               pool_detail::CancelFlag cancel,
               std::function<void(Bytes&&, std::exception_ptr)> done);
  std::unique_ptr<Impl> impl_;
};

}  // namespace parkit
