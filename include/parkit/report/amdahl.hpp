// The tutorials' performance model: a job of serial time S and parallelisable time P runs on w
// workers in T(w) = S + P / w (Amdahl's law). Its speedup T(1) / T(w) is bounded by (S + P) / S
// however many workers there are. From measured times: the Karp-Flatt serial fraction of each
// point, and S and P fitted to all of them.
#pragma once

#include <vector>

namespace parkit::report {

struct Amdahl {
  double serial = 0, parallel = 0;  // S and P, in seconds

  double time(double workers) const { return serial + parallel / workers; }
  double speedup(double workers) const { return time(1) / time(workers); }
  double efficiency(double workers) const { return speedup(workers) / workers; }
  // (S + P) / S: infinite when S <= 0 (nothing serial, or a fit of superlinear times).
  double asymptotic_speedup() const;
  // S / (S + P).
  double serial_fraction() const { return serial / (serial + parallel); }
};

// Throws UsageError unless S >= 0, P > 0 and both are finite (what `parkit amdahl` accepts).
Amdahl make_amdahl(double serial, double parallel);

struct TimedPoint {
  int workers = 1;
  double seconds = 0;
};

// S and P by least squares of T = S + P x over x = 1 / workers. Needs at least two distinct
// worker counts (else std::invalid_argument). S may come out negative (superlinear points).
Amdahl fit_amdahl(const std::vector<TimedPoint>& points);

// Karp-Flatt: the serial fraction e = (1/speedup - 1/p) / (1 - 1/p) that a measured speedup on
// p > 1 workers implies (0: perfectly parallel; 1: nothing gained). NaN for p = 1.
double karp_flatt(double speedup, int workers);

// The largest serial fraction that still allows `speedup` on `workers` workers:
// f = (workers / speedup - 1) / (workers - 1); on unlimited workers (workers <= 0) 1 / speedup.
// Negative when the speedup cannot be had (it exceeds the workers).
double serial_fraction_for(double speedup, double workers = 0);

}  // namespace parkit::report
