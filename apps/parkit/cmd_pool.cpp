// The tutorials' first pool programs, on a ThreadPool or ProcessPool (or any backend):
//   square  Pool.map(square, range(20))
//   power   Pool.starmap(power_n, [(x, 2) for x in range(20)])
//   sin     pool.map(math.sin, [0.1, 0.2, 0.3, -2.3, 77.0]), timed
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <tuple>
#include <vector>

#include "cli.hpp"
#include "parkit/clock.hpp"
#include "parkit/pool_for_team.hpp"
#include "parkit/text/pyfloat.hpp"

namespace parkit::cli {

namespace {

long long square(long long x) { return x * x; }
long long power_n(long long x, long long n) {
  long long r = 1;
  for (long long k = 0; k < n; ++k) r *= x;
  return r;
}
double sin_of(double x) { return std::sin(x); }

void print_ints(const std::vector<long long>& v) { fmt::print("[{}]\n", fmt::join(v, ", ")); }

}  // namespace

void print_pool_sin(const Team& t) {
  const std::vector<double> xs = {0.1, 0.2, 0.3, -2.3, 77.0};
  std::vector<double> sines;
  Stopwatch w;
  with_pool(t, t.workers, [&](auto& pool) { sines = pool.map(&sin_of, xs); });
  double secs = w.seconds();
  if (!leads(t)) return;
  fmt::print("{}\nTime : {}secs\n", text::python_list(sines), text::python_repr(secs));
}

Command add_pool(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "pool", "the tutorials' first pool programs: square (map), power (starmap), sin (timed map)");
  struct Args {
    std::string program;
  };
  auto a = std::make_shared<Args>();
  auto team = std::make_shared<TeamOptions>();
  sub->add_option("PROGRAM", a->program, "square, power or sin")
      ->required()
      ->check(CLI::IsMember({"square", "power", "sin"}));
  team->add_to(*sub, "processes", "--workers", "pool workers");
  return {sub, [a, team] {
            Team t = team->team();
            if (a->program == "sin") {
              print_pool_sin(t);
              return 0;
            }
            std::vector<long long> xs;
            std::vector<std::tuple<long long, long long>> pairs;
            for (long long x = 0; x < 20; ++x) {
              xs.push_back(x);
              pairs.emplace_back(x, 2);
            }
            std::vector<long long> out;
            with_pool(t, t.workers, [&](auto& pool) {
              out = a->program == "square" ? pool.map(&square, xs) : pool.starmap(&power_n, pairs);
            });
            if (!leads(t)) return 0;
            fmt::print("Number of CPU cores: {}\n", hardware_workers());
            print_ints(out);
            return 0;
          }};
}

}  // namespace parkit::cli
