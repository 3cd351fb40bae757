// Forked worker processes: how they start, what they leave behind for the parent to read
// (a slot in anonymous shared memory: the task held, and the failure if any), and how the
// parent turns their exit into parkit's exceptions.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <vector>

#include "core/sys.hpp"

namespace parkit::detail {

// Exit codes of a worker process.
inline constexpr int exit_ok = 0;
inline constexpr int exit_reported = 70;  // the failure is described in its slot

struct alignas(64) RankSlot {
  std::atomic<std::int64_t> task{-1};  // the task it is running, -1 when none
  std::atomic<int> state{0};           // 0 running, 1 finished, 2 failed (fields below valid)
  std::atomic<int> pid{0};             // the rank's process, published before it connects
  int error_kind = 0;                  // a FailureKind (parkit/detail/failure.hpp)
  int error_rank = 0;
  std::int64_t error_task = -1;
  int error_pid = 0, error_signal = 0, error_exit_code = 0;  // a WorkerCrashed's
  char message[936] = {};
};

// Anonymous MAP_SHARED memory mapped before fork: it is shared with the children and vanishes
// with the last process that maps it, so nothing can leak (no /dev/shm names).
class SharedSlots {
 public:
  explicit SharedSlots(int ranks);
  ~SharedSlots();
  SharedSlots(const SharedSlots&) = delete;
  SharedSlots& operator=(const SharedSlots&) = delete;

  std::atomic<std::int64_t>& counter() noexcept { return header()->counter; }
  std::atomic<std::int64_t>& sched() noexcept { return header()->sched; }
  std::atomic<int>& aborted() noexcept { return header()->aborted; }
  RankSlot& slot(int r) noexcept { return reinterpret_cast<RankSlot*>(header() + 1)[r]; }

 private:
  struct alignas(64) Header {
    std::atomic<std::int64_t> counter{0};
    alignas(64) std::atomic<std::int64_t> sched{0};
    alignas(64) std::atomic<int> aborted{0};
  };
  Header* header() noexcept { return static_cast<Header*>(base_); }
  void* base_;
  std::size_t bytes_;
};

void record_failure(RankSlot& slot, std::exception_ptr e, int rank) noexcept;
std::exception_ptr failure_from_slot(const RankSlot& slot);

struct Child {
  int rank = 0;
  pid_t pid = -1;
  sys::Fd pidfd;
  bool reaped = false;
  bool killed_by_us = false;
  int status = 0;
};

// Forks a child that runs `body` and _exits with its return value (exceptions escaping body are
// the caller's to prevent). The child dies with the parent thread (PR_SET_PDEATHSIG) and closes
// `close_in_child` first. Flushes stdio first so no buffered output is written twice.
Child spawn_child(int rank, const std::function<int()>& body,
                  const std::vector<int>& close_in_child);

bool try_reap(Child& c);  // true once reaped
void reap(Child& c);      // blocks
void kill_child(Child& c) noexcept;

// nullptr when the child finished cleanly; else its TaskError/... or WorkerCrashed.
std::exception_ptr child_outcome(const Child& c, const RankSlot& slot);

}  // namespace parkit::detail
