#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "cli.hpp"
#include "parkit/cart.hpp"
#include "parkit/clock.hpp"
#include "parkit/errors.hpp"
#include "parkit/report/bandwidth.hpp"
#include "parkit/report/plot.hpp"
#include "parkit/run.hpp"
#include "parkit/text/pyfloat.hpp"
#include "parkit/workloads/heat.hpp"

namespace parkit::cli {

namespace {
// f scaled to sin x at N/4, sin x, and the error on a second axis (the tutorial's figure).
void plot_heat(const std::string& out, const std::vector<double>& f, const workloads::HeatSetup& s,
               const workloads::HeatError& e) {
  std::string data;
  for (std::size_t i = 0; i < f.size(); ++i) {
    double x = workloads::heat_x(s, i), y = f[i] * e.scale;
    data += fmt::format("{} {} {} {}\n", x, y, std::sin(x), y - std::sin(x));
  }
  report::run_gnuplot(
      out, fmt::format("$d << EOD\n{}EOD\n"
                       "set title \"f'' = -f on [0, pi], N = {}, {} steps\"\nset xlabel 'x'\n"
                       "set ylabel 'f'\nset y2label 'error'\nset ytics nomirror\nset y2tics\n"
                       "set key top right\nset grid\nset xrange [0:pi]\n"
                       "plot $d using 1:2 with lines lw 2 title 'f (scaled at N/4)', "
                       "$d using 1:3 with lines dt 2 title 'sin x', "
                       "$d using 1:4 axes x1y2 with lines title 'error'",
                       data, s.points, s.steps));
}
void print_time(double secs, const Team& t, std::size_t point_steps) {
  fmt::print("Time spent: {:.2f} sec ({:.0f} million point-steps/s)\n", secs,
             static_cast<double>(point_steps) / std::max(secs, 1e-9) / 1e6);
  fmt::print("Backend: {}, workers: {}\n", to_string(t.backend), t.workers);
}

int run_2d(const Team& t, std::size_t points, std::optional<std::size_t> steps,
           const std::string& plot) {
  if (!plot.empty()) throw UsageError("--plot: only for --dim 1");
  auto s = workloads::heat2d_setup(points, steps, t.workers);
  int px = 0, py = 0;
  cart_dims(t.workers, px, py);
  fmt::print("N = {} x {}, h = {}, dt = {}, nstep = {}, ranks {} x {}\n", s.points, s.points,
             text::python_repr(s.h), text::python_repr(s.dt), s.steps, px, py);
  Stopwatch w;
  auto f = workloads::heat2d_solve(t, s);
  double secs = w.seconds();
  if (!leads(t)) return 0;
  auto e = workloads::heat2d_error(f, s);
  std::size_t mid = s.points / 2;
  fmt::print("f(1/2, 1/2) = {}\n", text::python_repr(f[mid * s.points + mid]));
  fmt::print("Max error against sin(pi x) sin(pi y), scaled at point ({0}, {0}): {1:e}\n",
             e.scaled_at, e.max_error);
  print_time(secs, t, s.points * s.points * s.steps);
  return 0;
}
}  // namespace

Command add_heat(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "heat",
      "The PDE f'' = -f on [0, pi] by explicit steps, the grid split into one subdomain per "
      "rank that swap halo values every step");
  struct Args {
    long long points = 51;
    long long steps = -1;
    int dim = 1;
    long long halo = 1;
    bool bandwidth = false;
    std::string plot;
  };
  auto a = std::make_shared<Args>();
  auto team = std::make_shared<TeamOptions>();
  sub->add_option("--points", a->points, "grid points N, boundaries included (odd, >= 3)")
      ->transform(int_in_range(1, 1LL << 40))
      ->capture_default_str();
  sub->add_option("--steps", a->steps, "time steps (default: the tutorial's int(5/dt))")
      ->transform(int_in_range(0, 1LL << 40));
  sub->add_option("--dim", a->dim,
                  "1: f'' = -f on [0, pi]; 2: the unit square, N x N points, the ranks laid out "
                  "px x py (most nearly square)")
      ->transform(int_in_range(1, 2))
      ->capture_default_str();
  sub->add_option("--halo", a->halo,
                  "1D: halo width K, swapped every K steps, K steps swept per pass through "
                  "cache-sized tiles (the same bits for any K)")
      ->transform(int_in_range(1, 1 << 20))
      ->capture_default_str();
  sub->add_flag("--bandwidth", a->bandwidth,
                "1D: also measure the memory bandwidth now (a STREAM-like copy of the grid's size "
                "on as many threads as workers) and show the bytes the stencil moved per second");
  sub->add_option("--plot", a->plot, "also draw f, sin x and the error into this .svg or .png");
  team->add_to(*sub, "serial", "--workers", "subdomains (ranks)");
  return {sub, [a, team] {
            Team t = team->team();
            std::optional<std::size_t> steps;
            if (a->steps >= 0) steps = static_cast<std::size_t>(a->steps);
            auto points = static_cast<std::size_t>(a->points);
            if (a->dim == 2) {
              if (a->halo != 1) throw UsageError("--halo: only for --dim 1");
              return run_2d(t, points, steps, a->plot);
            }
            if (!a->plot.empty()) report::check_figure_name("--plot", a->plot);
            auto s =
                workloads::heat_setup(points, steps, t.workers, static_cast<std::size_t>(a->halo));
            fmt::print("N = {}, h = {}, dt = {}, nstep = {}\n", s.points, text::python_repr(s.h),
                       text::python_repr(s.dt), s.steps);
            Stopwatch w;
            auto f = workloads::heat_solve(t, s);
            double secs = w.seconds();
            if (!leads(t)) return 0;
            auto e = workloads::heat_error(f, s);
            fmt::print("f(pi/2) = {}\n", text::python_repr(f[s.points / 2]));
            fmt::print("Max error against sin(x), scaled at point {}: {:e}\n", e.scaled_at,
                       e.max_error);
            print_time(secs, t, s.points * s.steps);
            if (a->bandwidth) {
              // Each pass reads the grid once and writes it once: 16 bytes a point per K steps.
              double moved = 16.0 * static_cast<double>(s.points) *
                             std::ceil(static_cast<double>(s.steps) / static_cast<double>(s.halo));
              double bw = report::copy_bandwidth(s.points, t.workers);
              fmt::print(
                  "Memory: {:.2f} GB/s moved (16 B a point a pass of {} steps); a copy "
                  "here on {} threads: {:.2f} GB/s\n",
                  moved / secs / 1e9, s.halo, t.workers, bw / 1e9);
            }
            if (!a->plot.empty()) plot_heat(a->plot, f, s, e);
            return 0;
          }};
}

}  // namespace parkit::cli
