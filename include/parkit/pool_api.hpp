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

#include "parkit/detail/pool_chunks.hpp"
#include "parkit/errors.hpp"
#include "parkit/partition.hpp"

namespace parkit {

// Results of imap (task order) or imap_unordered (completion order), one at a time. A failed
// task rethrows its TaskError when its result's turn comes.
template <class R>
class ResultStream {
 public:
  ResultStream(std::shared_ptr<detail::Collector<R>> c, std::size_t chunks, bool ordered)
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
  std::shared_ptr<detail::Collector<R>> c_;
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
    using R = detail::result_t<detail::CallStar, F, std::tuple<A...>>;
    auto promise = std::make_shared<std::promise<R>>();
    auto fut = promise->get_future();
    submit_one(f, detail::ChunkDone<R>([promise](std::vector<R>&& v, std::exception_ptr e) {
                 if (e)
                   promise->set_exception(e);
                 else
                   promise->set_value(std::move(v.front()));
               }),
               std::move(args)...);
    return fut;
  }

  // f(args...) on some worker; then done(result, nullptr), or done(R{}, error), on the thread
  // that saw it finish (a worker thread, or the ProcessPool's dispatcher). done must not block.
  template <class Done, class F, class... A>
  void submit_with(Done done, const F& f, A... args) {
    using R = detail::result_t<detail::CallStar, F, std::tuple<A...>>;
    submit_one(f, detail::ChunkDone<R>([done](std::vector<R>&& v, std::exception_ptr e) {
                 if (e)
                   done(R{}, e);
                 else
                   done(std::move(v.front()), nullptr);
               }),
               std::move(args)...);
  }

  template <class F, class T>
  auto map(const F& f, const std::vector<T>& items, std::size_t chunksize = 0) {
    return start<detail::CallOne>(f, items, chunk_or_default(chunksize, items.size()))
        .first->take_all();
  }
  template <class F, class T>
  auto starmap(const F& f, const std::vector<T>& items, std::size_t chunksize = 0) {
    return start<detail::CallStar>(f, items, chunk_or_default(chunksize, items.size()))
        .first->take_all();
  }
  // Python's imap and imap_unordered default to chunksize 1.
  template <class F, class T>
  auto imap(const F& f, const std::vector<T>& items, std::size_t chunksize = 1) {
    auto [c, n] = start<detail::CallOne>(f, items, std::max<std::size_t>(chunksize, 1));
    return ResultStream(c, n, true);
  }
  template <class F, class T>
  auto imap_unordered(const F& f, const std::vector<T>& items, std::size_t chunksize = 1) {
    auto [c, n] = start<detail::CallOne>(f, items, std::max<std::size_t>(chunksize, 1));
    return ResultStream(c, n, false);
  }

 private:
  Derived& self() { return static_cast<Derived&>(*this); }
  std::size_t chunk_or_default(std::size_t chunksize, std::size_t n) {
    return chunksize ? chunksize : default_chunksize(n, static_cast<std::size_t>(self().workers()));
  }

  template <class Mode, class F, class T>
  auto start(const F& f, const std::vector<T>& items, std::size_t chunksize) {
    using R = detail::result_t<Mode, F, T>;
    std::size_t chunks = chunk_count(items.size(), chunksize);
    auto c = std::make_shared<detail::Collector<R>>(chunks, items.size());
    for (std::size_t k = 0; k < chunks; ++k) {
      std::size_t b = k * chunksize, e = std::min(b + chunksize, items.size());
      self().template submit_chunk<Mode>(
          std::decay_t<F>(f), std::vector<T>(items.begin() + b, items.begin() + e), b, c->cancel,
          detail::ChunkDone<R>([c, k](std::vector<R>&& v, std::exception_ptr err) {
            c->complete(k, std::move(v), err);
          }));
    }
    return std::pair{c, chunks};
  }

  // One task, numbered in submission order, as a chunk of one.
  template <class F, class R, class... A>
  void submit_one(const F& f, detail::ChunkDone<R> done, A... args) {
    using T = std::tuple<A...>;
    self().template submit_chunk<detail::CallStar>(
        std::decay_t<F>(f), std::vector<T>{T(std::move(args)...)}, submitted_.fetch_add(1),
        std::make_shared<std::atomic<bool>>(false), std::move(done));
  }

  std::atomic<std::size_t> submitted_{0};
};

}  // namespace parkit
