// The failure module: every place that turns an exception into a verdict (which kind, which
// exit code, which of several failures to report, the one `parkit: error:` line) asks here.
// Internal: users catch the types in parkit/errors.hpp.
#pragma once

#include <cstddef>
#include <exception>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace parkit::detail {

enum class FailureKind : int { other = 0, task, crashed, comm, usage, cancelled };

// What an exception says, taken apart (and enough to build it again in another process).
struct Failure {
  FailureKind kind = FailureKind::other;
  std::string what;     // the whole message (what())
  std::string message;  // TaskError: the task's own message; otherwise what
  int rank = -1;        // TaskError and WorkerCrashed: the rank; otherwise -1
  std::optional<std::size_t> task;
  int pid = 0, signal = 0, exit_code = 0;  // WorkerCrashed only

  // The CLI's exit code for it: 2 for bad usage or input, 1 for anything else.
  int cli_exit_code() const noexcept { return kind == FailureKind::usage ? 2 : 1; }
};

Failure classify(const std::exception_ptr& e);
// The exception a Failure describes (the inverse of classify, for failures that crossed a
// process boundary).
std::exception_ptr rebuild(const Failure& f);
// what() of the exception (or "unknown exception").
std::string message_of(const std::exception_ptr& e);

// How telling a failure is; lower is more telling. A real failure (a task's exception, a crash,
// bad input) is 0; a CommError is usually a consequence (a peer vanished) and is 1; Cancelled
// (a rank that only noticed another's failure) is 2, so it never hides a real error.
int severity(const std::exception_ptr& e);
// The first of the most telling failures (nullptr entries are skipped; nullptr if none).
std::exception_ptr most_telling(std::span<const std::exception_ptr> failures);

// parkit exceptions stay as they are; anything else becomes a TaskError naming the rank.
std::exception_ptr as_rank_failure(std::exception_ptr e, int rank);

// A message on one line: newlines become spaces, trailing blanks go.
std::string one_line(std::string s);
// Control bytes (ESC, CR, NUL, ...) as \xNN, so a message quoting bad input cannot drive the
// terminal. UTF-8 text is left alone.
std::string printable(std::string_view s);
// The CLI's error line, without the newline: "parkit: error: [rank R: ]message", one line,
// printable.
std::string error_line(std::string_view message, std::optional<int> rank = std::nullopt);

// The failures of one team, as they happen on any of its threads: keeps the most telling, the
// earliest among equals.
class FailureRecord {
 public:
  // True for the first failure recorded (the caller then cancels the team).
  bool record(std::exception_ptr e);
  std::exception_ptr get() const;

 private:
  mutable std::mutex m_;
  std::exception_ptr best_;
};

}  // namespace parkit::detail
