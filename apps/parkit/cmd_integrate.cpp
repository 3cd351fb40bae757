#include <fmt/format.h>

#include <climits>

#include "cli.hpp"
#include "parkit/clock.hpp"
#include "parkit/workloads/integrate.hpp"

namespace parkit::cli {

Command add_integrate(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "integrate", "2D midpoint integration of sin(x+y) over [0,pi]^2 (rows are the tasks)");
  auto n = std::make_shared<int>(10000);
  auto team = std::make_shared<TeamOptions>();
  sub->add_option("--n", *n, "bins per axis")
      ->transform(int_in_range(1, INT_MAX))
      ->capture_default_str();
  team->add_to(*sub);
  return {sub, [n, team] {
            Team t = team->team();
            Stopwatch w;
            auto r = workloads::integrate(t, *n);
            double s = w.seconds();
            fmt::print("Integral value is {:e}, Error is {:e}\n", r.integral, r.error);
            fmt::print("Time spent: {:.2f} sec\n", s);
            fmt::print("Backend: {}, workers: {}\n", to_string(t.backend), t.workers);
            return 0;
          }};
}

}  // namespace parkit::cli
