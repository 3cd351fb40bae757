// multiprocessing.Process: a callable run in a forked child. The child gets a copy of the
// parent's memory at start(), so any callable works (captures included), unlike a pool's tasks,
// which must cross to workers that already exist.
//
//   parkit::Process p([&] { serve(end); });
//   p.start();
//   p.join();  // rethrows the child's failure: TaskError (it threw), WorkerCrashed (it died)
//
// A Process destroyed while its child still runs kills the child (SIGKILL) and reaps it: no
// orphan, no zombie (Python would leave it running; a C++ destructor must not block forever).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

namespace parkit {

class Process {
 public:
  explicit Process(std::function<void()> body);
  ~Process();
  Process(Process&&) noexcept;
  Process& operator=(Process&&) noexcept;

  // Forks the child. Throws Error if it cannot, or if started already.
  void start();
  // Waits for the child to end; throws TaskError if body threw (its message), WorkerCrashed if
  // the child was killed by a signal or exited by itself with a code (std::exit, _exit).
  void join();
  // Waits at most `timeout`; false if the child still runs (then nothing is thrown).
  bool join_for(std::chrono::milliseconds timeout);
  // SIGTERM / SIGKILL to the child (nothing if it has ended).
  void terminate();
  void kill();
  bool is_alive();
  pid_t pid() const;  // -1 before start
  // After the child ended: 0 ok, the exit code, or minus the signal (Python's exitcode);
  // nullopt while it runs.
  std::optional<int> exitcode();

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace parkit
