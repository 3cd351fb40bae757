// The processes transport: ranks are forked children of the caller (rank 0). A team of up to
// mesh_max_ranks ranks is connected before the fork: one socketpair per ordered pair of ranks,
// which has no name, so only the team's processes, which inherit it, can use it. A bigger team
// (p(p-1) pairs would be too many descriptors) has each rank listen on a Unix socket in the
// team's private folder (mode 0700, so no other user can connect) and connect to a peer the
// first time it sends to it, so it opens only the connections it uses; a connection is
// accepted only from a process of the team (SO_PEERCRED against the pids the ranks publish in
// their slots). The shared counter and each rank's "task held / failure" slot live in anonymous
// shared memory (SharedSlots).
//
// Sends never deadlock against each other: while a socket is full the sender keeps reading what
// arrives for it. Rank 0 also watches every child's pidfd, so a crash is noticed at once.
#pragma once

#include <atomic>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "core/child.hpp"
#include "core/frame.hpp"
#include "core/sys.hpp"
#include "parkit/comm.hpp"

namespace parkit::detail {

class ProcessComm final : public Comm {
 public:
  // `children` is non-null on rank 0 only. A meshed team passes its connections (out[d]: to
  // rank d, in[s]: from rank s) and no folder or listener; a folder team passes empty vectors.
  ProcessComm(int rank, int size, std::string team_dir, sys::Fd listener, std::vector<sys::Fd> out,
              std::vector<sys::Fd> in, SharedSlots& slots, std::vector<Child>* children);

  int rank() const noexcept override { return rank_; }
  int size() const noexcept override { return size_; }
  std::string_view transport() const noexcept override { return "processes"; }
  void send_bytes(std::span<const std::byte> data, int dest, int tag) override;
  Message recv_bytes(int source, int tag) override;
  std::optional<Message> try_recv_bytes(int source, int tag) override;
  std::int64_t fetch_add(std::int64_t delta) override {
    return slots_.counter().fetch_add(delta, std::memory_order_acq_rel);
  }
  std::int64_t sched_load() override { return slots_.sched().load(std::memory_order_acquire); }
  bool sched_cas(std::int64_t& expected, std::int64_t desired) override {
    return slots_.sched().compare_exchange_weak(expected, desired, std::memory_order_acq_rel);
  }
  void hold_task(std::int64_t task) noexcept override {
    slots_.slot(rank_).task.store(task, std::memory_order_relaxed);
  }
  bool cancelled() const noexcept override {
    if (slots_.aborted().load(std::memory_order_relaxed) != 0) return true;
    if (children_) check_children();
    return slots_.aborted().load(std::memory_order_relaxed) != 0;
  }

  static std::string socket_name(const std::string& team_dir, int rank);

 private:
  int out_fd(int dest);
  void accept_pending();
  // Waits up to timeout_ms for input (or for `writable` to accept bytes) and reads what came.
  void pump(int timeout_ms, int writable = -1);
  void check_can_arrive(int source);
  bool is_team_pid(pid_t pid) const;
  void check_children() const noexcept;

  int rank_, size_;
  std::string team_id_;
  sys::Fd listener_;
  SharedSlots& slots_;
  std::vector<Child>* children_;
  std::vector<sys::Fd> out_, in_;
  std::vector<FrameReader> readers_;
  std::vector<char> in_eof_;
  std::deque<Message> pending_;
  mutable std::atomic<std::int64_t> next_child_check_{0};  // sys::coarse_now_ns
};

// The largest team connected by socketpairs before the fork (2p(p-1) descriptors: 112 at 8).
inline constexpr int mesh_max_ranks = 8;

void run_processes(int size, const std::function<void(Comm&)>& fn);

}  // namespace parkit::detail
