// What every pool shares beneath its vocabulary: how a chunk of tasks is called (map passes the
// item, starmap unpacks a tuple), how a task's failure is named, and the collector that gathers
// one call's chunks as they complete. Internal to the pools.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "parkit/detail/failure.hpp"
#include "parkit/errors.hpp"
#include "parkit/progress.hpp"

namespace parkit {

namespace detail {

// How a pool calls f on one item: map passes the item, starmap unpacks a tuple.
struct CallOne {
  template <class F, class T>
  static decltype(auto) call(const F& f, const T& x) {
    return f(x);
  }
};
struct CallStar {
  template <class F, class T>
  static decltype(auto) call(const F& f, const T& x) {
    return std::apply(f, x);
  }
};

template <class Mode, class F, class T>
using result_t =
    std::decay_t<decltype(Mode::call(std::declval<const F&>(), std::declval<const T&>()))>;

using CancelFlag = std::shared_ptr<std::atomic<bool>>;
template <class R>
using ChunkDone = std::function<void(std::vector<R>&&, std::exception_ptr)>;

// Runs one chunk; `hold(i)` records the task in hand. Failures become TaskError naming the task.
template <class Mode, class F, class T, class Hold>
auto run_chunk(const F& f, const std::vector<T>& items, std::size_t first, int worker,
               Hold&& hold) {
  std::vector<result_t<Mode, F, T>> out;
  out.reserve(items.size());
  for (std::size_t k = 0; k < items.size(); ++k) {
    hold(static_cast<std::int64_t>(first + k));
    try {
      out.push_back(Mode::call(f, items[k]));
    } catch (const std::exception& e) {
      throw TaskError(first + k, worker, e.what());
    } catch (...) {
      throw TaskError(first + k, worker, "unknown exception");
    }
  }
  hold(-1);
  return out;
}

// Runs one chunk in this process (unless its call was cancelled) and reports it to done: the
// results, or the failure.
template <class Mode, class F, class T>
void run_chunk_to(const F& f, const std::vector<T>& items, std::size_t first, int worker,
                  const CancelFlag& cancel, const ChunkDone<result_t<Mode, F, T>>& done) {
  if (cancel && cancel->load()) return done({}, std::make_exception_ptr(Cancelled()));
  std::exception_ptr err;
  std::vector<result_t<Mode, F, T>> out;
  try {
    out = run_chunk<Mode>(f, items, first, worker, [](std::int64_t) {});
  } catch (...) {
    err = std::current_exception();
  }
  done(std::move(out), err);
}

// The chunks of one map/imap call, as they complete.
template <class R>
class Collector {
 public:
  // tasks: the items of the call, for the progress line.
  Collector(std::size_t chunks, std::size_t tasks)
      : values_(chunks), errors_(chunks), done_(chunks, 0), progress_("tasks", tasks) {}
  CancelFlag cancel = std::make_shared<std::atomic<bool>>(false);

  void complete(std::size_t k, std::vector<R>&& v, std::exception_ptr e) {
    {
      std::lock_guard lock(m_);
      values_[k] = std::move(v);
      errors_[k] = e;
      done_[k] = 1;
      order_.push_back(k);
      progress_.advance(values_[k].size());
      if (order_.size() == values_.size()) progress_.finish();
    }
    if (e) cancel->store(true);
    cv_.notify_all();
  }
  // Blocks until chunk k is done; returns its values or throws its failure.
  std::vector<R> take(std::size_t k) {
    std::unique_lock lock(m_);
    cv_.wait(lock, [&] { return done_[k] != 0; });
    if (errors_[k]) std::rethrow_exception(errors_[k]);
    return std::move(values_[k]);
  }
  // Blocks until some chunk not yet taken is done; returns its index.
  std::size_t next_done() {
    std::unique_lock lock(m_);
    cv_.wait(lock, [&] { return taken_ < order_.size(); });
    return order_[taken_++];
  }
  // Waits for every chunk; rethrows the failure of the lowest-numbered chunk that really failed
  // (chunks skipped after a failure report Cancelled, which never hides the real error).
  std::vector<R> take_all() {
    std::unique_lock lock(m_);
    cv_.wait(lock, [&] { return order_.size() == values_.size(); });
    if (auto e = detail::most_telling(errors_)) std::rethrow_exception(e);
    std::vector<R> out;
    for (auto& v : values_)
      for (auto& x : v) out.push_back(std::move(x));
    return out;
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  std::vector<std::vector<R>> values_;
  std::vector<std::exception_ptr> errors_;
  std::vector<char> done_;
  std::vector<std::size_t> order_;
  std::size_t taken_ = 0;
  Progress progress_;
};

}  // namespace detail

}  // namespace parkit
