// An interrupted run leaves nothing behind: on SIGINT, SIGTERM or SIGHUP the temporary files and
// folders registered at that moment are removed, then the process ends by that signal (so a
// shell sees the usual status, 130 for Ctrl-C). A SIGKILL cannot be caught: what it leaves is
// swept by the next run (sweep_stale_temporaries, files.hpp).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string>

namespace parkit {

// Starts the thread that waits for those signals. Call it first thing in main, before any other
// thread starts: it blocks the signals in the calling thread, and every thread started later
// inherits that (forked children and spawned programs get them back). Idempotent. Without it a
// signal kills the process as usual and leaves the temporaries.
void clean_up_on_interrupt();

// Registers `path` (a file or a folder, removed with its contents) for removal on interrupt for
// as long as this object lives. Cheap (a lock and a map insertion); used by write_file_atomic,
// the figures and TempDir.
class RemovedOnInterrupt {
 public:
  explicit RemovedOnInterrupt(std::string path);
  ~RemovedOnInterrupt();
  RemovedOnInterrupt(const RemovedOnInterrupt&) = delete;
  RemovedOnInterrupt& operator=(const RemovedOnInterrupt&) = delete;

 private:
  std::uint64_t id_;
};

// Registers a child process (a program this one runs, such as mpirun) to be stopped on interrupt
// for as long as this object lives: the watcher sends it SIGTERM and waits for it to end (then
// SIGKILL after 5 s) before removing the temporaries, so what the child cleans up on SIGTERM is
// cleaned first and nothing is made again in a folder already removed. The owner must not reap
// the child while this lives: it waits with WNOWAIT, destroys this, then reaps (so the watcher
// never signals a pid reused by another process).
class StoppedOnInterrupt {
 public:
  explicit StoppedOnInterrupt(pid_t pid);
  ~StoppedOnInterrupt();
  StoppedOnInterrupt(const StoppedOnInterrupt&) = delete;
  StoppedOnInterrupt& operator=(const StoppedOnInterrupt&) = delete;

 private:
  std::uint64_t id_;
};

// Registers a function the watcher calls on interrupt, before it stops the children and removes
// the temporaries, for as long as this object lives (a cluster client cancels its calls). It
// runs on the watcher's thread with the registry locked: it must be quick, and must not
// register anything here.
class CalledOnInterrupt {
 public:
  explicit CalledOnInterrupt(std::function<void()> f);
  ~CalledOnInterrupt();
  CalledOnInterrupt(const CalledOnInterrupt&) = delete;
  CalledOnInterrupt& operator=(const CalledOnInterrupt&) = delete;

 private:
  std::uint64_t id_;
};

namespace detail {
// In a forked child that runs on (a team's rank, a pool's worker): if the parent watches for
// interrupts, the child does too, for its own temporaries. Returns the signal the child should
// get when its parent dies (PR_SET_PDEATHSIG): SIGTERM when it can clean up, else SIGKILL.
int watch_interrupts_in_child() noexcept;
}  // namespace detail

}  // namespace parkit
