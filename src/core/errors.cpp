#include "parkit/errors.hpp"

#include <fmt/format.h>

#include <cstring>

namespace parkit {

namespace {

std::string task_error_text(std::optional<std::size_t> task, int rank, const std::string& msg,
                            const char* role) {
  if (task) return fmt::format("task {} on {} {} failed: {}", *task, role, rank, msg);
  return fmt::format("{} {} failed: {}", role, rank, msg);
}

std::string crash_text(int rank, int pid, int sig, int code, std::optional<std::size_t> task,
                       const char* role) {
  std::string how = sig != 0
                        ? fmt::format("was killed by signal {} ({})", sig,
                                      ::sigdescr_np(sig) ? ::sigdescr_np(sig) : "unknown signal")
                        : fmt::format("exited with code {}", code);
  std::string held = task ? fmt::format("while running task {}", *task) : "while holding no task";
  return fmt::format("{} {} (pid {}) {} {}", role, rank, pid, how, held);
}

}  // namespace

TaskError::TaskError(std::optional<std::size_t> task, int rank, std::string message,
                     const char* role)
    : Error(task_error_text(task, rank, message, role)),
      task_(task),
      rank_(rank),
      message_(std::move(message)) {}

WorkerCrashed::WorkerCrashed(int rank, int pid, int sig, int exit_code,
                             std::optional<std::size_t> task, const char* role)
    : Error(crash_text(rank, pid, sig, exit_code, task, role)),
      rank_(rank),
      pid_(pid),
      signal_(sig),
      exit_code_(exit_code),
      task_(task) {}

}  // namespace parkit
