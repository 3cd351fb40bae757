#include "parkit/pipeline/runners.hpp"

#include <condition_variable>
#include <deque>
#include <mutex>

#include "parkit/detail/failure.hpp"
#include "parkit/pipeline/actions.hpp"
#include "parkit/pool_for_team.hpp"

namespace parkit::pipeline {

namespace {

// A runner over any pool: each job is one task (run_action_caught, a plain function, so it can
// go to a forked worker or another MPI rank).
template <class Pool>
class PoolRunner final : public Runner {
 public:
  explicit PoolRunner(Pool& pool) : pool_(pool) {}
  // Waits for the jobs still running: their callbacks use this runner.
  ~PoolRunner() override {
    std::unique_lock lock(m_);
    cv_.wait(lock, [&] { return running_ == 0; });
  }
  std::size_t capacity() const override { return static_cast<std::size_t>(pool_.workers()); }
  void start(std::size_t id, const Job& job) override {
    {
      std::lock_guard lock(m_);
      ++running_;
    }
    pool_.submit_with(
        [this, id](std::string&& r, std::exception_ptr e) {
          // Notify under the lock: once running_ is 0 the destructor may go, and the condition
          // variable with it.
          std::lock_guard lock(m_);
          // A broken pool fails every job it held with the same exception: report it once.
          bool again = e && e == reported_;
          if (e && !again) reported_ = e;
          done_.push_back({id, e ? detail::message_of(e) : std::move(r), again});
          --running_;
          cv_.notify_all();
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
  Pool& pool_;
  std::mutex m_;
  std::condition_variable cv_;
  std::deque<Done> done_;
  std::size_t running_ = 0;
  std::exception_ptr reported_;  // the last pool failure reported
};

}  // namespace

void with_runner(const Team& team, int jobs, const std::function<void(Runner&)>& fn) {
  with_pool(team, jobs, [&](auto& pool) {
    PoolRunner<std::remove_reference_t<decltype(pool)>> runner(pool);
    fn(runner);
  });
}

}  // namespace parkit::pipeline
