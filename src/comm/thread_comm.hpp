// The threads transport: ranks are threads of this process; a message is a byte vector moved
// into the receiver's mailbox. Every wait wakes up when the team is aborted.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "parkit/comm.hpp"

namespace parkit::detail {

class ThreadTeam {
 public:
  explicit ThreadTeam(int size);
  int size() const noexcept { return size_; }
  void abort() noexcept;
  bool aborted() const noexcept { return aborted_.load(std::memory_order_relaxed); }

  void post(int dest, Message m);
  // Blocks until a message matches; throws Cancelled if the team is aborted first.
  Message take(int self, int source, int tag);
  std::optional<Message> try_take(int self, int source, int tag);
  void barrier();
  std::int64_t fetch_add(std::int64_t d) noexcept {
    return counter_.fetch_add(d, std::memory_order_acq_rel);
  }
  std::atomic<std::int64_t>& sched() noexcept { return sched_; }

 private:
  struct alignas(64) Mailbox {
    std::mutex m;
    std::condition_variable cv;
    std::deque<Message> q;
  };

  int size_;
  std::unique_ptr<Mailbox[]> boxes_;
  alignas(64) std::atomic<std::int64_t> counter_{0};
  alignas(64) std::atomic<std::int64_t> sched_{0};
  alignas(64) std::atomic<bool> aborted_{false};
  std::mutex barrier_m_;
  std::condition_variable barrier_cv_;
  int arrived_ = 0;
  std::uint64_t generation_ = 0;
};

class ThreadComm final : public Comm {
 public:
  ThreadComm(ThreadTeam& team, int rank) : team_(team), rank_(rank) {}
  int rank() const noexcept override { return rank_; }
  int size() const noexcept override { return team_.size(); }
  std::string_view transport() const noexcept override { return "threads"; }
  void send_bytes(std::span<const std::byte> data, int dest, int tag) override;
  Message recv_bytes(int source, int tag) override;
  std::optional<Message> try_recv_bytes(int source, int tag) override;
  void barrier() override { team_.barrier(); }
  std::int64_t fetch_add(std::int64_t delta) override { return team_.fetch_add(delta); }
  std::int64_t sched_load() override { return team_.sched().load(std::memory_order_acquire); }
  bool sched_cas(std::int64_t& expected, std::int64_t desired) override {
    return team_.sched().compare_exchange_weak(expected, desired, std::memory_order_acq_rel);
  }
  bool cancelled() const noexcept override { return team_.aborted(); }

 private:
  ThreadTeam& team_;
  int rank_;
};

void run_threads(int size, const std::function<void(Comm&)>& fn);

}  // namespace parkit::detail
