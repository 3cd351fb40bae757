// The exceptions every backend raises, so callers catch the same types whatever ran the work.
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>

namespace parkit {

// Base of every parkit exception.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Bad input or usage: the CLI prints it on one line and exits with 2.
class UsageError : public Error {
 public:
  using Error::Error;
};

// A task (or an SPMD function) threw. Carries the task index (when the failure happened inside
// an indexed task), the rank that ran it and the original message.
class TaskError : public Error {
 public:
  // `role` names what ran it: "rank" (a team's), "engine" (a cluster's).
  TaskError(std::optional<std::size_t> task, int rank, std::string message,
            const char* role = "rank");
  std::optional<std::size_t> task() const noexcept { return task_; }
  int rank() const noexcept { return rank_; }
  const std::string& message() const noexcept { return message_; }

 private:
  std::optional<std::size_t> task_;
  int rank_;
  std::string message_;
};

// A worker process died: killed by a signal, or exited on its own (`_exit`, crash) before
// finishing. Names the signal or exit code and the task it held.
class WorkerCrashed : public Error {
 public:
  // `role` names what crashed: "worker rank" (a team's), "engine" (a cluster's).
  WorkerCrashed(int rank, int pid, int signal, int exit_code, std::optional<std::size_t> task,
                const char* role = "worker rank");
  int rank() const noexcept { return rank_; }
  int pid() const noexcept { return pid_; }
  int signal() const noexcept { return signal_; }        // 0 when it exited
  int exit_code() const noexcept { return exit_code_; }  // meaningful when signal() == 0
  std::optional<std::size_t> task() const noexcept { return task_; }

 private:
  int rank_, pid_, signal_, exit_code_;
  std::optional<std::size_t> task_;
};

// The transport failed: a peer vanished, a message was malformed.
class CommError : public Error {
 public:
  using Error::Error;
};

// The other end of a Pipe or Queue is gone (closed, or its process died) and nothing is left to
// receive: Python's EOFError.
class PipeClosed : public CommError {
 public:
  using CommError::CommError;
};

// This rank stopped because another rank of its team failed first. The team's runner replaces
// it with the first failure, so callers of parkit::run never see it.
class Cancelled : public Error {
 public:
  Cancelled() : Error("cancelled: another rank of the team failed") {}
};

}  // namespace parkit
