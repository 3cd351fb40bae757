// The inner loop of integrate, vectorised: compiled with -ffast-math so that glibc declares
// libmvec's SIMD sin, and cloned for AVX-512, AVX2 and baseline x86-64 (picked at load time).
// Sanitizer builds skip the clones: their ifunc resolvers would run before the sanitizer starts.
#include <cmath>
#include <numbers>

#include "parkit/workloads/integrate.hpp"

namespace parkit::workloads {

#if defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define PARKIT_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define PARKIT_CLONES
#endif

PARKIT_CLONES
double integrate_row(int i, int n) noexcept {
  const double h = std::numbers::pi / n;
  const double x = h * (i + 0.5);
  double sum = 0.0;
  // int, not size_t: the int -> double conversion vectorises on every ISA, a 64-bit one does not.
#pragma omp simd reduction(+ : sum)
  for (int j = 0; j < n; ++j) sum += std::sin(x + h * (j + 0.5));
  return sum;
}

}  // namespace parkit::workloads
