// A pool of threads kept warm across calls, with the Python vocabulary (pool_api.hpp). It takes
// any callable: tasks share this process's memory.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "parkit/pool_api.hpp"
#include "parkit/team.hpp"

namespace parkit {

class ThreadPool : public PoolApi<ThreadPool> {
 public:
  explicit ThreadPool(int workers = hardware_workers());
  // Finishes every task already submitted, then joins the threads.
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int workers() const noexcept { return static_cast<int>(threads_.size()); }
  // Blocks until every submitted task has finished.
  void wait();

  template <class Mode, class F, class T>
  void submit_chunk(const F& f, std::vector<T> items, std::size_t first, detail::CancelFlag cancel,
                    detail::ChunkDone<detail::result_t<Mode, F, T>> done) {
    auto fn = std::make_shared<F>(f);
    auto chunk = std::make_shared<std::vector<T>>(std::move(items));
    enqueue(
        [fn, chunk, first, done = std::move(done)](int worker, bool cancelled) {
          if (cancelled) return done({}, std::make_exception_ptr(Cancelled()));
          detail::run_chunk_to<Mode>(*fn, *chunk, first, worker, nullptr, done);
        },
        std::move(cancel));
  }

 private:
  // A job runs as job(worker, cancelled). Whether its call was cancelled is read when a worker
  // takes it off the queue, under the queue's lock: a chunk taken before a later chunk failed
  // runs (an imap then still yields it), one taken after is skipped.
  struct Job {
    std::function<void(int, bool)> run;
    detail::CancelFlag cancel;
  };
  void enqueue(std::function<void(int, bool)> job, detail::CancelFlag cancel);
  void worker_loop(int index);

  std::mutex m_;
  std::condition_variable cv_, idle_cv_;
  std::deque<Job> queue_;
  std::size_t running_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace parkit
