#include "parkit/thread_pool.hpp"

#include <fmt/format.h>

namespace parkit {

ThreadPool::ThreadPool(int workers) {
  check_workers(workers);
  threads_.reserve(workers);
  for (int i = 0; i < workers; ++i) threads_.emplace_back([this, i] { worker_loop(i); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard lock(m_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
}

void ThreadPool::wait() {
  std::unique_lock lock(m_);
  idle_cv_.wait(lock, [&] { return queue_.empty() && running_ == 0; });
}

void ThreadPool::enqueue(std::function<void(int, bool)> job, detail::CancelFlag cancel) {
  {
    std::lock_guard lock(m_);
    queue_.push_back({std::move(job), std::move(cancel)});
  }
  cv_.notify_one();
}

void ThreadPool::worker_loop(int index) {
  for (;;) {
    Job job;
    bool cancelled = false;
    {
      std::unique_lock lock(m_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to do
      job = std::move(queue_.front());
      queue_.pop_front();
      cancelled = job.cancel && job.cancel->load();
      ++running_;
    }
    job.run(index, cancelled);
    {
      std::lock_guard lock(m_);
      --running_;
      if (queue_.empty() && running_ == 0) idle_cv_.notify_all();
    }
  }
}

}  // namespace parkit
