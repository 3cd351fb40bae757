#include "parkit/report/bandwidth.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <thread>
#include <vector>

namespace parkit::report {

double copy_bandwidth(std::size_t elements, int threads, int repeat) {
  std::vector<double> a(elements, 1.0), b(elements, 2.0);
  const auto t = static_cast<std::size_t>(std::max(threads, 1));
  double best = 1e300;
  for (int r = 0; r < std::max(repeat, 1); ++r) {
    auto t0 = std::chrono::steady_clock::now();
    std::vector<std::thread> ts;
    for (std::size_t k = 0; k < t; ++k)
      ts.emplace_back([&, k] {
        std::size_t lo = elements * k / t, hi = elements * (k + 1) / t;
        std::memcpy(b.data() + lo, a.data() + lo, (hi - lo) * sizeof(double));
      });
    for (auto& th : ts) th.join();
    best = std::min(best,
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return 16.0 * static_cast<double>(elements) / best;
}

}  // namespace parkit::report
