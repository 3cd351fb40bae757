// The main job: every workload on every backend, with what parallelism bought.
#include <fmt/format.h>

#include <cstring>

#include "cli.hpp"
#include "parkit/clock.hpp"
#include "parkit/report/table.hpp"
#include "parkit/workloads/integrate.hpp"

namespace parkit::cli {

namespace {

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

}  // namespace

Command add_tour(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "tour", "Run every workload serially and on every backend; print speedup and efficiency");
  auto n = std::make_shared<int>(10000);
  auto repeat = std::make_shared<int>(3);
  auto workers = std::make_shared<int>(hardware_workers());
  sub->add_option("--n", *n, "integrate: bins per axis")
      ->check(int_in_range(1, 100000))
      ->capture_default_str();
  sub->add_option("--repeat", *repeat, "runs per measurement (the best is kept)")
      ->check(int_in_range(1, 100))
      ->capture_default_str();
  sub->add_option("--workers", *workers, "workers for the parallel backends (default: cores)")
      ->check(int_in_range(1, max_workers));
  return {sub, [n, repeat, workers] {
            fmt::print("parkit tour: {} cores here, best of {} runs per row\n\n",
                       hardware_workers(), *repeat);
            report::Table table({"workload", "backend", "workers", "seconds", "speedup",
                                 "efficiency", "result"});
            bool all_same = true;
            double serial_time = 0, serial_value = 0;
            std::vector<Team> teams{make_team(Backend::serial, 1),
                                    make_team(Backend::threads, *workers),
                                    make_team(Backend::processes, *workers)};
            for (const Team& t : teams) {
              workloads::IntegrateResult r;
              double s = best_time(*repeat, [&] { r = workloads::integrate(t, *n); });
              if (t.backend == Backend::serial) {
                serial_time = s;
                serial_value = r.integral;
              }
              bool same = same_bits(r.integral, serial_value);
              all_same = all_same && same;
              double speedup = serial_time / s;
              table.add_row({fmt::format("integrate n={}", *n), std::string(to_string(t.backend)),
                             std::to_string(t.workers), fmt::format("{:.4f}", s),
                             fmt::format("{:.2f}x", speedup),
                             fmt::format("{:.0f}%", 100 * speedup / t.workers),
                             same ? "= serial" : fmt::format("DIFFERS: {:e}", r.integral)});
            }
            fmt::print("{}", table.str());
            fmt::print("\nspeedup = serial time / time; efficiency = speedup / workers.\n");
            if (!all_same) {
              fmt::print(stderr, "parkit: error: a backend's result differs from serial\n");
              return 1;
            }
            return 0;
          }};
}

}  // namespace parkit::cli
