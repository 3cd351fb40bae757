// An interrupted run leaves nothing behind: on SIGINT, SIGTERM or SIGHUP the temporary files and
// folders registered at that moment are removed, then the process ends by that signal (so a
// shell sees the usual status, 130 for Ctrl-C). A SIGKILL cannot be caught: what it leaves is
// swept by the next run (sweep_stale_temporaries, files.hpp).
#pragma once

#include <cstdint>
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

namespace detail {
// In a forked child that runs on (a team's rank, a pool's worker): if the parent watches for
// interrupts, the child does too, for its own temporaries. Returns the signal the child should
// get when its parent dies (PR_SET_PDEATHSIG): SIGTERM when it can clean up, else SIGKILL.
int watch_interrupts_in_child() noexcept;
}  // namespace detail

}  // namespace parkit
