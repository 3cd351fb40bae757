#include "patterns/dispatcher.hpp"

#include "parkit/errors.hpp"

namespace parkit::detail {

Dispatcher::Dispatcher(WorkerLinks& links)
    : links_(links), held_(static_cast<std::size_t>(links.count())) {
  thread_ = std::thread([this] { loop(); });
}

Dispatcher::~Dispatcher() { stop(); }

void Dispatcher::stop() {
  {
    std::lock_guard lock(m_);
    stopping_ = true;
  }
  links_.wake();
  if (thread_.joinable()) thread_.join();
}

void Dispatcher::enqueue(PoolJob job) {
  std::unique_lock lock(m_);
  if (broken_) {
    std::exception_ptr why = broken_;
    lock.unlock();
    return job.done({}, why);
  }
  queue_.push_back(std::move(job));
  lock.unlock();
  links_.wake();
}

bool Dispatcher::any_held() const {
  for (const auto& h : held_)
    if (h) return true;
  return false;
}

// Under m_: gives each idle worker the next job that is not cancelled.
void Dispatcher::assign(std::vector<int>& to_send, std::vector<PoolJob>& skipped) {
  if (broken_) return;
  for (std::size_t w = 0; w < held_.size() && !queue_.empty(); ++w) {
    while (!held_[w] && !queue_.empty()) {
      PoolJob job = std::move(queue_.front());
      queue_.pop_front();
      if (job.cancel && job.cancel->load()) {
        skipped.push_back(std::move(job));
        continue;
      }
      held_[w] = std::move(job);
      to_send.push_back(static_cast<int>(w));
    }
  }
}

void Dispatcher::handle(WorkerLinks::Event& e) {
  if (e.lost) return break_pool(e.lost, e.worker);
  auto& slot = held_.at(static_cast<std::size_t>(e.worker));
  if (!slot) return links_.misbehaved(e.worker);
  PoolJob job = std::move(*slot);
  slot.reset();
  finish_reply(e.reply, links_.rank_of(e.worker), job.done);
}

void Dispatcher::break_pool(std::exception_ptr why, int worker) {
  std::deque<PoolJob> queued;
  {
    std::lock_guard lock(m_);
    if (broken_) return;
    broken_ = why;
    queued.swap(queue_);
  }
  links_.abandon();
  // The job the lost worker held first (its failure is the one to report), then the others in
  // hand, then the queue.
  std::vector<PoolJob> lost;
  auto take = [&](std::optional<PoolJob>& h) {
    if (h) lost.push_back(std::move(*h)), h.reset();
  };
  if (worker >= 0 && static_cast<std::size_t>(worker) < held_.size())
    take(held_[static_cast<std::size_t>(worker)]);
  for (auto& h : held_) take(h);
  for (auto& job : queued) lost.push_back(std::move(job));
  for (auto& job : lost) job.done({}, why);
}

void Dispatcher::loop() {
  for (;;) {
    std::vector<int> to_send;
    std::vector<PoolJob> skipped;
    bool done;
    {
      std::lock_guard lock(m_);
      assign(to_send, skipped);
      done = stopping_ && queue_.empty() && to_send.empty() && !any_held();
    }
    for (auto& job : skipped) job.done({}, std::make_exception_ptr(Cancelled()));
    if (done) break;
    try {
      for (int w : to_send) links_.send(w, held_[static_cast<std::size_t>(w)]->message);
      for (auto& e : links_.wait(any_held())) {
        {
          std::lock_guard lock(m_);
          if (broken_) break;  // what else arrived belongs to jobs already failed
        }
        handle(e);
      }
    } catch (...) {
      break_pool(std::current_exception());
    }
  }
  bool clean;
  {
    std::lock_guard lock(m_);
    clean = !broken_;
  }
  if (!clean) return;
  try {
    links_.close();
  } catch (...) {
    // The workers are gone already; nothing is left to tell them.
  }
}

}  // namespace parkit::detail
