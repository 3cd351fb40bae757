// Issue 10's targets, measured in one run on one machine (a driver, not Google Benchmark: the
// round trips cross a fork):
//   - a Pipe round trip of a small typed message against a raw pipe(2) round trip (and a raw
//     socketpair, what Pipe is made of) between the same two processes;
//   - Queue items per second between two processes;
//   - heat, N = 10^7 + 1, 200 steps: serial against the memory-bandwidth bound (16 bytes a point
//     a step over a STREAM-like copy's bandwidth, measured here at 1 and 2 threads), and the
//     parallel efficiency at 2 workers on threads and processes.
// Usage: bench_procs [HEAT_POINTS] [STEPS]
#include <fmt/format.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

#include "parkit/pipe.hpp"
#include "parkit/process.hpp"
#include "parkit/queue.hpp"
#include "parkit/report/bandwidth.hpp"
#include "parkit/workloads/heat.hpp"

using namespace parkit;
using clock_type = std::chrono::steady_clock;

namespace {

constexpr int round_trips = 5'000;

double seconds_since(clock_type::time_point t0) {
  return std::chrono::duration<double>(clock_type::now() - t0).count();
}

template <class F>
double best_of(int runs, F&& f) {
  double best = 1e300;
  for (int i = 0; i < runs; ++i) best = std::min(best, f());
  return best;
}

// Round trips of 8 bytes over two raw fds pairs: parent writes to[1], child echoes to from[1].
double raw_round_trip_us(bool socket) {
  int to[2], from[2];
  if (socket) {
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, to) || ::socketpair(AF_UNIX, SOCK_STREAM, 0, from))
      std::abort();
  } else if (::pipe(to) || ::pipe(from)) {
    std::abort();
  }
  Process echo([&] {
    std::uint64_t v;
    for (int i = 0; i < round_trips; ++i) {
      if (::read(to[0], &v, 8) != 8 || ::write(from[1], &v, 8) != 8) std::abort();
    }
  });
  echo.start();
  auto t0 = clock_type::now();
  for (std::uint64_t i = 0; i < round_trips; ++i) {
    std::uint64_t v = i;
    if (::write(to[1], &v, 8) != 8 || ::read(from[0], &v, 8) != 8 || v != i) std::abort();
  }
  double s = seconds_since(t0);
  echo.join();
  for (int fd : {to[0], to[1], from[0], from[1]}) ::close(fd);
  return s / round_trips * 1e6;
}

template <class T>
double pipe_round_trip_us(const T& value) {
  auto [mine, theirs] = make_pipe();
  Process echo([&] {
    mine.close();
    for (int i = 0; i < round_trips; ++i) theirs.send(theirs.recv<T>());
  });
  echo.start();
  theirs.close();
  auto t0 = clock_type::now();
  for (int i = 0; i < round_trips; ++i) {
    mine.send(value);
    if (!(mine.recv<T>() == value)) std::abort();
  }
  double s = seconds_since(t0);
  echo.join();
  return s / round_trips * 1e6;
}

double queue_items_per_second(int items) {
  Queue<std::int64_t> q;
  Process producer([&] {
    for (std::int64_t i = 0; i < items; ++i) q.put(i);
  });
  auto t0 = clock_type::now();
  producer.start();
  std::int64_t sum = 0;
  for (int i = 0; i < items; ++i) sum += q.get();
  double s = seconds_since(t0);
  producer.join();
  if (sum != std::int64_t{items} * (items - 1) / 2) std::abort();
  return items / s;
}

double heat_seconds(const Team& team, std::size_t points, std::size_t steps, std::size_t halo = 1) {
  auto s = workloads::heat_setup(points, steps, team.workers, halo);
  return best_of(3, [&] {
    auto t0 = clock_type::now();
    auto f = workloads::heat_solve(team, s);
    double secs = seconds_since(t0);
    if (f.size() != points) std::abort();
    return secs;
  });
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t points = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10'000'001;
  std::size_t steps = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 200;

  // The four kinds take turns, seven rounds, best of each: a machine whose wake-ups are slow for
  // a while then slows them all alike.
  double raw_pipe = 1e300, raw_sock = 1e300, typed_int = 1e300, typed_str = 1e300;
  for (int round = 0; round < 7; ++round) {
    raw_pipe = std::min(raw_pipe, raw_round_trip_us(false));
    raw_sock = std::min(raw_sock, raw_round_trip_us(true));
    typed_int = std::min(typed_int, pipe_round_trip_us(42));
    typed_str = std::min(typed_str, pipe_round_trip_us(std::string("fred")));
  }
  fmt::print("round trip, 8 bytes: raw pipe(2) {:.1f} us, raw socketpair {:.1f} us\n", raw_pipe,
             raw_sock);
  fmt::print(
      "round trip, parkit Pipe: int {:.1f} us ({:.2f}x raw pipe), string {:.1f} us "
      "({:.2f}x)\n",
      typed_int, typed_int / raw_pipe, typed_str, typed_str / raw_pipe);
  double q = best_of(3, [] { return -queue_items_per_second(200'000); });
  fmt::print("Queue, one producer process to one consumer: {:.0f} items/s\n", -q);

  double bw1 = report::copy_bandwidth(points, 1), bw2 = report::copy_bandwidth(points, 2);
  fmt::print("copy bandwidth (16 B an element): 1 thread {:.2f} GB/s, 2 threads {:.2f} GB/s\n",
             bw1 / 1e9, bw2 / 1e9);
  double bound = 16.0 * points * steps / bw1;
  double serial = heat_seconds(make_team(Backend::serial, 1), points, steps);
  fmt::print(
      "heat N={} x{}: serial {:.3f} s; the bandwidth bound {:.3f} s -> {:.2f}x the bound; "
      "{:.0f} Mpoint-steps/s\n",
      points, steps, serial, bound, serial / bound, points * steps / serial / 1e6);
  for (auto b : {Backend::threads, Backend::processes}) {
    double t = heat_seconds(make_team(b, 2), points, steps);
    fmt::print("heat at 2 workers, {}: {:.3f} s, speedup {:.2f}x, efficiency {:.0f}%\n",
               to_string(b), t, serial / t, 50.0 * serial / t);
  }
  // Temporal blocking: the grid crosses the memory bus once per K steps.
  for (std::size_t k : {8, 32}) {
    double one = heat_seconds(make_team(Backend::serial, 1), points, steps, k);
    fmt::print("heat --halo {}: serial {:.3f} s ({:.2f}x the K=1 serial)", k, one, serial / one);
    for (auto b : {Backend::threads, Backend::processes}) {
      double t = heat_seconds(make_team(b, 2), points, steps, k);
      fmt::print("; 2 {} {:.3f} s: {:.2f}x its serial ({:.0f}%), {:.2f}x the K=1 serial",
                 to_string(b), t, one / t, 50.0 * one / t, serial / t);
    }
    fmt::print("\n");
  }
}
