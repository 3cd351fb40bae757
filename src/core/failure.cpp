#include "parkit/detail/failure.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "parkit/errors.hpp"

namespace parkit::detail {

Failure classify(const std::exception_ptr& e) {
  Failure f;
  try {
    std::rethrow_exception(e);
  } catch (const TaskError& x) {
    f.kind = FailureKind::task;
    f.what = x.what();
    f.message = x.message();
    f.rank = x.rank();
    f.task = x.task();
    return f;
  } catch (const WorkerCrashed& x) {
    f.kind = FailureKind::crashed;
    f.what = x.what();
    f.rank = x.rank();
    f.task = x.task();
    f.pid = x.pid();
    f.signal = x.signal();
    f.exit_code = x.exit_code();
  } catch (const Cancelled& x) {
    f.kind = FailureKind::cancelled;
    f.what = x.what();
  } catch (const CommError& x) {
    f.kind = FailureKind::comm;
    f.what = x.what();
  } catch (const UsageError& x) {
    f.kind = FailureKind::usage;
    f.what = x.what();
  } catch (const std::exception& x) {
    f.what = x.what();
  } catch (...) {
    f.what = "unknown exception";
  }
  f.message = f.what;
  return f;
}

std::exception_ptr rebuild(const Failure& f) {
  switch (f.kind) {
    case FailureKind::task:
      return std::make_exception_ptr(TaskError(f.task, f.rank, f.message));
    case FailureKind::crashed:
      return std::make_exception_ptr(WorkerCrashed(f.rank, f.pid, f.signal, f.exit_code, f.task));
    case FailureKind::cancelled:
      return std::make_exception_ptr(Cancelled());
    case FailureKind::comm:
      return std::make_exception_ptr(CommError(f.what));
    case FailureKind::usage:
      return std::make_exception_ptr(UsageError(f.what));
    case FailureKind::other:
      break;
  }
  return std::make_exception_ptr(Error(f.what));
}

std::string message_of(const std::exception_ptr& e) { return classify(e).what; }

int severity(const std::exception_ptr& e) {
  switch (classify(e).kind) {
    case FailureKind::cancelled:
      return 2;
    case FailureKind::comm:
      return 1;
    default:
      return 0;
  }
}

std::exception_ptr most_telling(std::span<const std::exception_ptr> failures) {
  std::exception_ptr best;
  int best_severity = 0;
  for (const auto& e : failures) {
    if (!e) continue;
    int s = severity(e);
    if (!best || s < best_severity) best = e, best_severity = s;
  }
  return best;
}

std::exception_ptr as_rank_failure(std::exception_ptr e, int rank) {
  Failure f = classify(e);
  if (f.kind != FailureKind::other) return e;
  try {
    std::rethrow_exception(e);
  } catch (const Error&) {
    return e;
  } catch (...) {
    return std::make_exception_ptr(TaskError(std::nullopt, rank, f.what));
  }
}

std::string one_line(std::string s) {
  std::replace(s.begin(), s.end(), '\n', ' ');
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

std::string printable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f)
      fmt::format_to(std::back_inserter(out), "\\x{:02x}", u);
    else
      out += c;
  }
  return out;
}

std::string error_line(std::string_view message, std::optional<int> rank) {
  std::string m = printable(one_line(std::string(message)));
  if (rank) return fmt::format("parkit: error: rank {}: {}", *rank, m);
  return fmt::format("parkit: error: {}", m);
}

bool FailureRecord::record(std::exception_ptr e) {
  std::lock_guard lock(m_);
  bool first = !best_;
  if (!best_ || severity(e) < severity(best_)) best_ = std::move(e);
  return first;
}

std::exception_ptr FailureRecord::get() const {
  std::lock_guard lock(m_);
  return best_;
}

}  // namespace parkit::detail
