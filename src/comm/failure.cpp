#include "failure.hpp"

#include "parkit/errors.hpp"

namespace parkit::detail {

std::exception_ptr as_rank_failure(std::exception_ptr e, int rank) {
  try {
    std::rethrow_exception(e);
  } catch (const Error&) {
    return e;
  } catch (const std::exception& x) {
    return std::make_exception_ptr(TaskError(std::nullopt, rank, x.what()));
  } catch (...) {
    return std::make_exception_ptr(TaskError(std::nullopt, rank, "unknown exception"));
  }
}

bool is_cancellation(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const Cancelled&) {
    return true;
  } catch (...) {
    return false;
  }
}

bool FirstFailure::record(std::exception_ptr e) {
  std::lock_guard lock(m_);
  bool first = !first_ && !cancelled_;
  if (is_cancellation(e)) {
    if (!cancelled_) cancelled_ = e;
  } else if (!first_) {
    first_ = e;
  }
  return first;
}

std::exception_ptr FirstFailure::get() const {
  std::lock_guard lock(m_);
  return first_ ? first_ : cancelled_;
}

}  // namespace parkit::detail
