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

// Wall times of `count` measurements, each repeated `repeat` times taking turns, so that a noisy
// moment of a shared machine spreads over all of them instead of spoiling one: times[i][k] is
// measurement i's k-th run. run(i) is timed; before(i), if given, runs untimed just before it.
template <class Run, class Before>
std::vector<std::vector<double>> times_interleaved(std::size_t count, int repeat, Run&& run,
                                                   Before&& before) {
  std::vector<std::vector<double>> times(count);
  for (int k = 0; k < repeat; ++k)
    for (std::size_t i = 0; i < count; ++i) {
      before(i);
      Stopwatch w;
      run(i);
      times[i].push_back(w.seconds());
    }
  return times;
}

// The best (smallest) of each measurement's times_interleaved.
template <class Run, class Before>
std::vector<double> best_times_interleaved(std::size_t count, int repeat, Run&& run,
                                           Before&& before) {
  std::vector<double> best;
  for (const auto& t : times_interleaved(count, repeat, run, before))
    best.push_back(t.empty() ? 0.0 : *std::min_element(t.begin(), t.end()));
  return best;
}

template <class Run>
std::vector<double> best_times_interleaved(std::size_t count, int repeat, Run&& run) {
  return best_times_interleaved(count, repeat, run, [](std::size_t) {});
}

}  // namespace parkit
