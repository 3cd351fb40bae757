// A chunk of tasks as it crosses to a worker in another process (a forked ProcessPool worker, a
// TeamPool rank) and its outcome as it comes back. Internal to the pools.
//
//   chunk  = [function object's bytes][items]        (encode_chunk; run by a Trampoline)
//   reply  = [1][results]  |  [0][task index][message]   (run_encoded; finish_reply)
#pragma once

#include <cstdint>
#include <cstring>
#include <exception>
#include <functional>
#include <new>
#include <span>
#include <vector>

#include "parkit/detail/pool_chunks.hpp"
#include "parkit/serialization.hpp"

namespace parkit::detail {

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

// A chunk's outcome as the pool's caller sees it: the encoded results, or the failure.
using ReplyDone = std::function<void(Bytes&&, std::exception_ptr)>;

// Turns a chunk's encoded results (or its failure) into the values `done` expects.
template <class R>
ReplyDone decode_results(ChunkDone<R> done) {
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

// In the worker: runs `body` (which returns the encoded results) and encodes the reply; any
// exception becomes a failure reply naming its task (the chunk's first when it names none).
Bytes run_encoded(const std::function<Bytes()>& body, std::uint64_t first);
// In the dispatcher: hands a reply from `rank` to done, as results or as a TaskError.
void finish_reply(std::span<const std::byte> reply, int rank, const ReplyDone& done);

}  // namespace parkit::detail
