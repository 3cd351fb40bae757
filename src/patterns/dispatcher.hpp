// The one pool dispatcher under ProcessPool and TeamPool: a thread that keeps the job queue,
// hands one chunk at a time to each idle worker, matches replies to the job each worker holds,
// skips jobs whose call was cancelled, and breaks the pool when a worker is lost (every job in
// hand, queued or submitted later then fails with why, like concurrent.futures' broken pool).
//
// How workers are reached is the pool's own (WorkerLinks): forked workers over socketpairs
// (ProcessPool), or the ranks of a Comm (TeamPool).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "parkit/detail/pool_task.hpp"

namespace parkit::detail {

struct PoolJob {
  Bytes message;  // what the worker is sent (opaque here)
  CancelFlag cancel;
  ReplyDone done;
};

class WorkerLinks {
 public:
  struct Event {
    int worker = 0;
    Bytes reply;              // valid when !lost
    std::exception_ptr lost;  // the worker is gone, and this is why
  };
  virtual ~WorkerLinks() = default;
  virtual int count() const = 0;
  // The rank that failures name for this worker.
  virtual int rank_of(int worker) const = 0;
  virtual void send(int worker, const Bytes& message) = 0;
  // Waits for replies and lost workers, in the order they happened. May return nothing (after
  // wake(), or to let the dispatcher look at its queue again). `busy`: some worker holds a job.
  // An exception thrown here breaks the pool with it.
  virtual std::vector<Event> wait(bool busy) = 0;
  // Makes a wait() under way (or the next one) return soon. Called from any thread.
  virtual void wake() = 0;
  // A worker answered a job it was not given: it cannot be trusted any more.
  virtual void misbehaved(int worker) = 0;
  // The pool broke: stop every worker now.
  virtual void abandon() {}
  // Every job is done and the pool closes cleanly: let the workers go.
  virtual void close() {}
};

class Dispatcher {
 public:
  // Starts the dispatcher thread; `links` must outlive it.
  explicit Dispatcher(WorkerLinks& links);
  // Finishes every job already queued, then stops (see stop).
  ~Dispatcher();
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  // Queues a job, or fails it at once if the pool is broken.
  void enqueue(PoolJob job);
  // Finishes every job already queued, closes the links and joins the thread. Idempotent.
  void stop();

 private:
  void loop();
  void assign(std::vector<int>& to_send, std::vector<PoolJob>& skipped);
  void handle(WorkerLinks::Event& e);
  // `worker`: the one that was lost, when known.
  void break_pool(std::exception_ptr why, int worker = -1);
  bool any_held() const;

  WorkerLinks& links_;
  std::vector<std::optional<PoolJob>> held_;  // by worker; dispatcher thread only
  std::mutex m_;
  std::deque<PoolJob> queue_;  // guarded by m_
  bool stopping_ = false;      // guarded by m_
  std::exception_ptr broken_;  // guarded by m_
  std::thread thread_;
};

}  // namespace parkit::detail
