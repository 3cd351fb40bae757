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

}  // namespace parkit
