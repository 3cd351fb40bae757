// Wall-clock timing for the harness.
#pragma once

#include <chrono>

namespace parkit {

class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

// Best (smallest) wall time of `repeat` calls of fn: the least disturbed by a noisy machine.
template <class F>
double best_time(int repeat, F&& fn) {
  double best = 1e300;
  for (int k = 0; k < repeat; ++k) {
    Stopwatch w;
    fn();
    double s = w.seconds();
    if (s < best) best = s;
  }
  return best;
}

}  // namespace parkit
