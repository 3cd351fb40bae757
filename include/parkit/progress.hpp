// One progress line on stderr for a long run of a pattern (the pools' map/imap family, the team
// patterns, the pipeline): done/total, rate, elapsed and time left, drawn only once the run has
// lasted a second, at most ten times a second, and cleared at the end.
//
// It is off when stderr is not a terminal (OpenMPI's ranks: when their stdout is not, since
// mpirun forwards stderr through a pipe but gives stdout a terminal of its own), in any process
// other than the one that decided (a pool's forked workers stay quiet), and after
// Progress::set_enabled(false) (`--no-progress`). Only the outermost run draws: a pattern run
// inside another one's task is silent.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>

namespace parkit {

class Progress {
 public:
  // what: the unit counted ("tasks", "jobs"); total may be 0 (nothing is drawn).
  Progress(std::string what, std::size_t total);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // n more done (any thread).
  void advance(std::size_t n = 1) noexcept;
  // done so far, when the caller knows the total done rather than an increment (any thread).
  void set_done(std::size_t done) noexcept;
  // Clears the line now and draws no more (also done by the destructor).
  void finish() noexcept;
  // Clears the line so that other output can be written; the next advance draws it again.
  void clear() noexcept;

  // Off for the rest of the process (and for processes forked from it) when false.
  static void set_enabled(bool on) noexcept;
  static bool enabled() noexcept;

  // The line as it is drawn, without the carriage return and clearing (for tests).
  static std::string line(const std::string& what, std::size_t done, std::size_t total,
                          double elapsed_s);

 private:
  void maybe_draw() noexcept;

  std::string what_;
  std::size_t total_;
  std::atomic<std::size_t> done_{0};
  std::int64_t start_ns_;
  std::atomic<std::int64_t> last_draw_ns_{0};
  std::mutex draw_;
  bool owner_ = false;  // the outermost, in the deciding process, with progress enabled
  std::atomic<bool> finished_{false};
  bool drawn_ = false;  // under draw_
};

}  // namespace parkit
