#include <fmt/format.h>

#include <cmath>
#include <numbers>
#include <tuple>
#include <vector>

#include "cli.hpp"
#include "parkit/clock.hpp"
#include "parkit/pool_for_team.hpp"
#include "parkit/run.hpp"
#include "parkit/text/pyfloat.hpp"
#include "parkit/workloads/monte_carlo_pi.hpp"

namespace parkit::cli {

namespace {

double sample_one_batch(std::uint64_t points, std::uint64_t index, std::uint64_t seed) {
  return 4.0 * static_cast<double>(workloads::pi_hits({seed, points, index})) /
         static_cast<double>(points);
}

// The tutorial's two small pool programs: pool.map(math.sin, ...) and
// pool.map(sample_one_batch, [10000] * 10).
void demo(const Team& t, std::uint64_t seed) {
  std::vector<double> batches;
  std::vector<std::tuple<std::uint64_t, std::uint64_t, std::uint64_t>> work;
  for (std::uint64_t k = 0; k < 10; ++k) work.emplace_back(10000, k, seed);
  print_pool_sin(t);
  with_pool(t, t.workers, [&](auto& pool) { batches = pool.starmap(&sample_one_batch, work); });
  if (!leads(t)) return;
  fmt::print("{}\n", text::python_list(batches));
}

}  // namespace

Command add_pi(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "pi", "Monte Carlo pi in batches through a pool's imap_unordered (the tutorial's mcpi)");
  struct Args {
    long long batches = 1000, points = 100000, chunksize = 4, seed = 2026;
    bool demo = false;
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
  add_seed_option(*sub, a->seed, "the same seed gives the same bits on every backend");
  sub->add_flag("--demo", a->demo,
                "print the tutorial's small pool programs instead: pool.map(sin, [0.1, 0.2, 0.3, "
                "-2.3, 77.0]) and pool.map(sample_one_batch, [10000] * 10)");
  team->add_to(*sub, "serial", "--workers", "pool workers");
  return {sub, [a, team] {
            Team t = team->team();
            if (a->demo) {
              demo(t, static_cast<std::uint64_t>(a->seed));
              return 0;
            }
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
