// docs/scaling.md: Amdahl's law and measuring a workload at 1 and 2 workers with the library.
#include <parkit/clock.hpp>
#include <parkit/map.hpp>
#include <parkit/report/amdahl.hpp>

#include <cmath>
#include <cstdio>
#include <functional>
#include <vector>

double work(std::size_t i) { return std::sin(static_cast<double>(i)) * 1e-6; }

int main() {
  // The model: 10 % serial caps the speedup at 10x; 100x needs at most 1 % serial.
  parkit::report::Amdahl m{10, 90};
  std::printf("model: speedup on 4 workers %.2fx, limit %.0fx, serial fraction for 100x %.0f%%\n",
              m.speedup(4), m.asymptotic_speedup(), 100 * parkit::report::serial_fraction_for(100));

  // Measured: the same map_reduce on 1 and 2 threads, then S and P fitted to the times.
  std::vector<parkit::report::TimedPoint> points;
  double sum1 = 0, sum2 = 0;
  for (int w : {1, 2}) {
    auto team = parkit::make_team(parkit::Backend::threads, w);
    parkit::Stopwatch clock;
    double s = parkit::map_reduce(team, 2'000'000, work, 0.0, std::plus<>());
    points.push_back({w, clock.seconds()});
    (w == 1 ? sum1 : sum2) = s;
  }
  auto fit = parkit::report::fit_amdahl(points);
  std::printf("measured: equal sums %s, fitted S + P = %s the 1-worker time\n",
              sum1 == sum2 ? "yes" : "NO",
              std::abs(fit.serial + fit.parallel - points[0].seconds) < 1e-9 ? "equals" : "MISSES");
}
