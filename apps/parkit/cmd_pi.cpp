#include <fmt/format.h>

#include <cmath>
#include <numbers>

#include "cli.hpp"
#include "parkit/clock.hpp"
#include "parkit/run.hpp"
#include "parkit/workloads/monte_carlo_pi.hpp"

namespace parkit::cli {

Command add_pi(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "pi", "Monte Carlo pi in batches through a pool's imap_unordered (the tutorial's mcpi)");
  struct Args {
    long long batches = 1000, points = 100000, chunksize = 4, seed = 2026;
  };
  auto a = std::make_shared<Args>();
  auto team = std::make_shared<TeamOptions>();
  sub->add_option("--batches", a->batches, "batches of points")
      ->transform(int_in_range(1, 100000000))
      ->capture_default_str();
  sub->add_option("--points", a->points, "points in a batch")
      ->transform(int_in_range(1, 1LL << 40))
      ->capture_default_str();
  sub->add_option("--chunksize", a->chunksize, "batches handed to a worker at a time")
      ->transform(int_in_range(1, 1000000))
      ->capture_default_str();
  sub->add_option("--seed", a->seed, "the same seed gives the same bits on every backend")
      ->transform(int_in_range(0, 1LL << 62))
      ->capture_default_str();
  team->add_to(*sub, "serial", "--workers", "pool workers");
  return {sub, [a, team] {
            Team t = team->team();
            Stopwatch w;
            auto r = workloads::monte_carlo_pi(
                t, static_cast<std::uint64_t>(a->batches), static_cast<std::uint64_t>(a->points),
                static_cast<std::size_t>(a->chunksize), static_cast<std::uint64_t>(a->seed));
            double secs = w.seconds();
            if (!leads(t)) return 0;
            fmt::print("used {:.2f}s\n", secs);
            fmt::print("{:.5f}\u00b1{:.5f}\n", r.mean, r.std_error);
            double off = r.mean - std::numbers::pi;
            fmt::print("Error against pi: {:.2e} ({:.1f} standard errors)\n", off,
                       r.std_error > 0 ? std::abs(off) / r.std_error : 0.0);
            fmt::print("Backend: {}, workers: {}\n", to_string(t.backend), t.workers);
            return 0;
          }};
}

}  // namespace parkit::cli
