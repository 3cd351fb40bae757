// The Python pool vocabulary, written once for ThreadPool and ProcessPool: submit, map, starmap,
// imap, imap_unordered, with chunksize. A pool only has to provide
//   template <class Mode, class F, class T>
//   void submit_chunk(const F& f, std::vector<T> items, std::size_t first, CancelFlag cancel,
//                     ChunkDone<R> done);
// which runs Mode::call(f, item) for each item, somewhere, and then calls done exactly once.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <tuple>
#include <vector>

#include "parkit/errors.hpp"
#include "parkit/partition.hpp"

namespace parkit {

namespace pool_detail {

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
using result_t = std::decay_t<decltype(Mode::call(std::declval<const F&>(), std::declval<const T&>()))>;

using CancelFlag = std::shared_ptr<std::atomic<bool>>;
template <class R>
using ChunkDone = std::function<void(std::vector<R>&&, std::exception_ptr)>;

// Runs one chunk; `hold(i)` records the task in hand. Failures become TaskError naming the task.
template <class Mode, class F, class T, class Hold>
auto run_chunk(const F& f, const std::vector<T>& items, std::size_t first, int worker, Hold&& hold) {
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

// The chunks of one map/imap call, as they complete.
template <class R>
class Collector {
 public:
  explicit Collector(std::size_t chunks) : values_(chunks), errors_(chunks), done_(chunks, 0) {}
  CancelFlag cancel = std::make_shared<std::atomic<bool>>(false);

  void complete(std::size_t k, std::vector<R>&& v, std::exception_ptr e) {
    {
      std::lock_guard lock(m_);
      values_[k] = std::move(v);
      errors_[k] = e;
      done_[k] = 1;
      order_.push_back(k);
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
    std::exception_ptr first, cancelled;
    for (auto& e : errors_) {
      if (!e) continue;
      try {
        std::rethrow_exception(e);
      } catch (const Cancelled&) {
        if (!cancelled) cancelled = e;
      } catch (...) {
        if (!first) first = e;
      }
    }
    if (first || cancelled) std::rethrow_exception(first ? first : cancelled);
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
};

}  // namespace pool_detail

// Results of imap (task order) or imap_unordered (completion order), one at a time. A failed
// task rethrows its TaskError when its result's turn comes.
template <class R>
class ResultStream {
 public:
  ResultStream(std::shared_ptr<pool_detail::Collector<R>> c, std::size_t chunks, bool ordered)
      : c_(std::move(c)), chunks_(chunks), ordered_(ordered) {}

  std::optional<R> next() {
    while (pos_ == buf_.size()) {
      if (taken_ == chunks_) return std::nullopt;
      std::size_t k = ordered_ ? taken_ : c_->next_done();
      ++taken_;
      buf_ = c_->take(k);
      pos_ = 0;
    }
    return std::move(buf_[pos_++]);
  }

  class iterator {
   public:
    using value_type = R;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    explicit iterator(ResultStream* s) : s_(s) { ++*this; }
    const R& operator*() const { return *cur_; }
    iterator& operator++() {
      cur_ = s_->next();
      return *this;
    }
    void operator++(int) { ++*this; }
    bool operator==(std::default_sentinel_t) const { return !cur_; }

   private:
    ResultStream* s_ = nullptr;
    std::optional<R> cur_;
  };
  iterator begin() { return iterator(this); }
  std::default_sentinel_t end() { return {}; }

 private:
  std::shared_ptr<pool_detail::Collector<R>> c_;
  std::size_t chunks_, taken_ = 0, pos_ = 0;
  bool ordered_;
  std::vector<R> buf_;
};

template <class Derived>
class PoolApi {
 public:
  // f(args...) on some worker; the future holds its result or its TaskError.
  template <class F, class... A>
  auto submit(const F& f, A... args) {
    using R = pool_detail::result_t<pool_detail::CallStar, F, std::tuple<A...>>;
    auto promise = std::make_shared<std::promise<R>>();
    auto fut = promise->get_future();
    submit_one(f, pool_detail::ChunkDone<R>([promise](std::vector<R>&& v, std::exception_ptr e) {
                 if (e) promise->set_exception(e);
                 else promise->set_value(std::move(v.front()));
               }),
               std::move(args)...);
    return fut;
  }

  // f(args...) on some worker; then done(result, nullptr), or done(R{}, error), on the thread
  // that saw it finish (a worker thread, or the ProcessPool's dispatcher). done must not block.
  template <class Done, class F, class... A>
  void submit_with(Done done, const F& f, A... args) {
    using R = pool_detail::result_t<pool_detail::CallStar, F, std::tuple<A...>>;
    submit_one(f, pool_detail::ChunkDone<R>([done](std::vector<R>&& v, std::exception_ptr e) {
                 if (e) done(R{}, e);
                 else done(std::move(v.front()), nullptr);
               }),
               std::move(args)...);
  }

  template <class F, class T>
  auto map(const F& f, const std::vector<T>& items, std::size_t chunksize = 0) {
    return start<pool_detail::CallOne>(f, items, chunk_or_default(chunksize, items.size()))
        .first->take_all();
  }
  template <class F, class T>
  auto starmap(const F& f, const std::vector<T>& items, std::size_t chunksize = 0) {
    return start<pool_detail::CallStar>(f, items, chunk_or_default(chunksize, items.size()))
        .first->take_all();
  }
  // Python's imap and imap_unordered default to chunksize 1.
  template <class F, class T>
  auto imap(const F& f, const std::vector<T>& items, std::size_t chunksize = 1) {
    auto [c, n] = start<pool_detail::CallOne>(f, items, std::max<std::size_t>(chunksize, 1));
    return ResultStream(c, n, true);
  }
  template <class F, class T>
  auto imap_unordered(const F& f, const std::vector<T>& items, std::size_t chunksize = 1) {
    auto [c, n] = start<pool_detail::CallOne>(f, items, std::max<std::size_t>(chunksize, 1));
    return ResultStream(c, n, false);
  }

 private:
  Derived& self() { return static_cast<Derived&>(*this); }
  std::size_t chunk_or_default(std::size_t chunksize, std::size_t n) {
    return chunksize ? chunksize : default_chunksize(n, static_cast<std::size_t>(self().workers()));
  }

  template <class Mode, class F, class T>
  auto start(const F& f, const std::vector<T>& items, std::size_t chunksize) {
    using R = pool_detail::result_t<Mode, F, T>;
    std::size_t chunks = chunk_count(items.size(), chunksize);
    auto c = std::make_shared<pool_detail::Collector<R>>(chunks);
    for (std::size_t k = 0; k < chunks; ++k) {
      std::size_t b = k * chunksize, e = std::min(b + chunksize, items.size());
      self().template submit_chunk<Mode>(
          std::decay_t<F>(f), std::vector<T>(items.begin() + b, items.begin() + e), b, c->cancel,
          pool_detail::ChunkDone<R>([c, k](std::vector<R>&& v, std::exception_ptr err) {
            c->complete(k, std::move(v), err);
          }));
    }
    return std::pair{c, chunks};
  }

  // One task, numbered in submission order, as a chunk of one.
  template <class F, class R, class... A>
  void submit_one(const F& f, pool_detail::ChunkDone<R> done, A... args) {
    using T = std::tuple<A...>;
    self().template submit_chunk<pool_detail::CallStar>(
        std::decay_t<F>(f), std::vector<T>{T(std::move(args)...)}, submitted_.fetch_add(1),
        std::make_shared<std::atomic<bool>>(false), std::move(done));
  }

  std::atomic<std::size_t> submitted_{0};
};

}  // namespace parkit
