#include "parkit/pipeline/runners.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>

#include "parkit/detail/failure.hpp"
#include "parkit/errors.hpp"
#include "parkit/pipeline/actions.hpp"
#include "parkit/process_pool.hpp"
#include "parkit/team_pool.hpp"
#include "parkit/thread_pool.hpp"

namespace parkit::pipeline {

namespace {

class InlineRunner final : public Runner {
 public:
  std::size_t capacity() const override { return 1; }
  void start(std::size_t id, const Job& job) override {
    done_.push_back({id, run_action_caught(job.action, job.args)});
  }
  Done wait() override {
    Done d = done_.front();
    done_.pop_front();
    return d;
  }

 private:
  std::deque<Done> done_;
};

template <class Pool>
class PoolRunner final : public Runner {
 public:
  template <class... A>
  explicit PoolRunner(std::size_t capacity, A&&... pool_args)
      : pool_(std::forward<A>(pool_args)...), capacity_(capacity) {}
  std::size_t capacity() const override { return capacity_; }
  void start(std::size_t id, const Job& job) override {
    pool_.submit_with(
        [this, id](std::string&& r, std::exception_ptr e) {
          {
            std::lock_guard lock(m_);
            done_.push_back({id, e ? detail::message_of(e) : std::move(r)});
          }
          cv_.notify_one();
        },
        &run_action_caught, job.action, job.args);
  }
  Done wait() override {
    std::unique_lock lock(m_);
    cv_.wait(lock, [&] { return !done_.empty(); });
    Done d = done_.front();
    done_.pop_front();
    return d;
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  std::deque<Done> done_;
  Pool pool_;  // last: destroyed first, so no callback outlives the queue
  std::size_t capacity_;
};

}  // namespace

std::unique_ptr<Runner> make_runner(Backend backend, int jobs) {
  switch (backend) {
    case Backend::serial: return std::make_unique<InlineRunner>();
    case Backend::threads: return std::make_unique<PoolRunner<ThreadPool>>(jobs, jobs);
    case Backend::processes: return std::make_unique<PoolRunner<ProcessPool>>(jobs, jobs);
    case Backend::mpi: break;
  }
  throw UsageError("pipeline: the mpi runner needs a team (make_team_runner)");
}

std::unique_ptr<Runner> make_team_runner(Comm& c) {
  return std::make_unique<PoolRunner<TeamPool>>(static_cast<std::size_t>(std::max(c.size() - 1, 1)), c);
}

}  // namespace parkit::pipeline
