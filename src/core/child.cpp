#include "core/child.hpp"

#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <new>

#include "parkit/blas_threads.hpp"
#include "parkit/detail/failure.hpp"
#include "parkit/errors.hpp"
#include "parkit/interrupt.hpp"

namespace parkit::detail {

SharedSlots::SharedSlots(int ranks)
    : bytes_(sizeof(Header) + sizeof(RankSlot) * static_cast<std::size_t>(ranks)) {
  base_ = sys::map_shared(bytes_);
  new (base_) Header();
  for (int r = 0; r < ranks; ++r) new (&slot(r)) RankSlot();
}

SharedSlots::~SharedSlots() { sys::unmap(base_, bytes_); }

void record_failure(RankSlot& slot, std::exception_ptr e, int rank) noexcept {
  Failure f;
  try {
    f = classify(e);
  } catch (...) {  // out of memory while copying the message: the kind still tells
    f.what = f.message = "unknown failure";
  }
  slot.error_kind = static_cast<int>(f.kind);
  slot.error_rank = f.rank >= 0 ? f.rank : rank;
  slot.error_task = f.task ? static_cast<std::int64_t>(*f.task) : -1;
  slot.error_pid = f.pid;
  slot.error_signal = f.signal;
  slot.error_exit_code = f.exit_code;
  const std::string& msg = f.kind == FailureKind::task ? f.message : f.what;
  std::size_t n = std::min(msg.size(), sizeof slot.message - 1);
  std::memcpy(slot.message, msg.data(), n);
  slot.message[n] = '\0';
  slot.state.store(2, std::memory_order_release);
}

std::exception_ptr failure_from_slot(const RankSlot& slot) {
  Failure f;
  f.kind = static_cast<FailureKind>(slot.error_kind);
  f.what = f.message = std::string(slot.message);
  f.rank = slot.error_rank;
  if (slot.error_task >= 0) f.task = static_cast<std::size_t>(slot.error_task);
  f.pid = slot.error_pid;
  f.signal = slot.error_signal;
  f.exit_code = slot.error_exit_code;
  return rebuild(f);
}

Child spawn_child(int rank, const std::function<int()>& body,
                  const std::vector<int>& close_in_child) {
  std::fflush(nullptr);
  pid_t parent = ::getpid();
  pid_t pid = sys::fork_process();
  if (pid == 0) {
    // SIGTERM lets a child that watches for interrupts remove its temporaries first.
    ::prctl(PR_SET_PDEATHSIG, detail::watch_interrupts_in_child());
    if (::getppid() != parent) ::_exit(exit_reported);  // parent already gone
    for (int fd : close_in_child) ::close(fd);
    blas_threads_for_a_worker();  // P workers on P cores, not P x cores BLAS threads
    int code = body();
    std::fflush(nullptr);
    ::_exit(code);
  }
  Child c;
  c.rank = rank;
  c.pid = pid;
  try {
    c.pidfd = sys::Fd(sys::pidfd_open(pid));
  } catch (...) {
    ::kill(pid, SIGKILL);  // no pidfd yet; the pid is ours until we reap it
    sys::wait_pid(pid, nullptr, 0);
    throw;
  }
  return c;
}

namespace {
// waitpid, blocking or not; true once the child is reaped.
bool wait_child(Child& c, int flags) {
  if (c.reaped) return true;
  int st = 0;
  pid_t r = sys::wait_pid(c.pid, &st, flags);
  if (r == 0) return false;  // WNOHANG and still running
  c.reaped = true;
  c.status = r < 0 ? 0 : st;  // ECHILD: someone else reaped it (SIGCHLD ignored)
  c.pidfd.reset();
  return true;
}
}  // namespace

bool try_reap(Child& c) { return wait_child(c, WNOHANG); }
void reap(Child& c) { wait_child(c, 0); }

void kill_child(Child& c) noexcept {
  if (c.reaped) return;
  c.killed_by_us = true;
  sys::pidfd_kill(c.pidfd.get());
}

std::exception_ptr child_outcome(const Child& c, const RankSlot& slot) {
  int state = slot.state.load(std::memory_order_acquire);
  if (WIFEXITED(c.status)) {
    int code = WEXITSTATUS(c.status);
    if (code == exit_ok && state == 1) return nullptr;
    if (code == exit_reported && state == 2) return failure_from_slot(slot);
  }
  std::int64_t t = slot.task.load(std::memory_order_acquire);
  std::optional<std::size_t> task;
  if (t >= 0) task = static_cast<std::size_t>(t);
  int sig = WIFSIGNALED(c.status) ? WTERMSIG(c.status) : 0;
  int code = WIFEXITED(c.status) ? WEXITSTATUS(c.status) : 0;
  return std::make_exception_ptr(WorkerCrashed(c.rank, c.pid, sig, code, task));
}

}  // namespace parkit::detail
