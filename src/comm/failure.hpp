// What a team reports when one of its ranks fails: the first real failure wins; Cancelled
// (a rank that only noticed someone else's failure) never hides it.
#pragma once

#include <exception>
#include <mutex>

namespace parkit::detail {

// parkit exceptions stay as they are; anything else becomes a TaskError naming the rank.
std::exception_ptr as_rank_failure(std::exception_ptr e, int rank);
bool is_cancellation(const std::exception_ptr& e);

class FirstFailure {
 public:
  // Returns true when this is the first failure recorded (so the caller should cancel the team).
  bool record(std::exception_ptr e);
  std::exception_ptr get() const;

 private:
  mutable std::mutex m_;
  std::exception_ptr first_, cancelled_;
};

}  // namespace parkit::detail
