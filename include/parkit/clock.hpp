// Wall-clock timing for the harness.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <vector>

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

// Best (smallest) wall time of each of `count` measurements, repeated `repeat` times taking
// turns, so that a noisy moment of a shared machine spreads over all of them instead of spoiling
// one. run(i) is timed; before(i), if given, runs untimed just before it.
template <class Run, class Before>
std::vector<double> best_times_interleaved(std::size_t count, int repeat, Run&& run,
                                           Before&& before) {
  std::vector<double> best(count, 1e300);
  for (int k = 0; k < repeat; ++k)
    for (std::size_t i = 0; i < count; ++i) {
      before(i);
      Stopwatch w;
      run(i);
      best[i] = std::min(best[i], w.seconds());
    }
  return best;
}

template <class Run>
std::vector<double> best_times_interleaved(std::size_t count, int repeat, Run&& run) {
  return best_times_interleaved(count, repeat, run, [](std::size_t) {});
}

}  // namespace parkit
