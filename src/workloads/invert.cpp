#include "parkit/workloads/invert.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cmath>

#include "parkit/blas_threads.hpp"
#include "parkit/clock.hpp"
#include "parkit/detail/blas_library.hpp"
#include "parkit/errors.hpp"
#include "parkit/random.hpp"

namespace parkit::workloads {

std::vector<double> spd_matrix(std::size_t n, std::uint64_t seed) {
  std::vector<double> a(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    RandomStream row(seed, i);
    a[i * n + i] = static_cast<double>(n);
    for (std::size_t j = i + 1; j < n; ++j)
      a[i * n + j] = a[j * n + i] = 2.0 * row.uniform(j) - 1.0;
  }
  return a;
}

double invert_bytes(std::size_t n) {
  return 3.0 * static_cast<double>(n) * static_cast<double>(n) * sizeof(double);
}

Inversion invert(std::size_t n, int threads, std::uint64_t seed) {
  if (n == 0) throw UsageError("--size: must be at least 1");
  const double memory = static_cast<double>(::sysconf(_SC_PHYS_PAGES)) *
                        static_cast<double>(::sysconf(_SC_PAGE_SIZE));
  if (invert_bytes(n) > 0.8 * memory)
    throw UsageError(fmt::format(
        "--size: a {0} x {0} inversion needs {1:.1f} GiB (the matrix, its inverse and their "
        "product for the residual); this machine has {2:.1f} GiB",
        n, invert_bytes(n) / (1 << 30), memory / (1 << 30)));
  if (threads > 0) set_blas_threads(threads);
  Inversion r;
  r.threads = blas_threads();
  const auto& blas = detail::blas_library();
  const auto ln = static_cast<int>(n);
  std::vector<double> a = spd_matrix(n, seed), inv = a;
  Stopwatch w;
  // The row-major upper triangle is the column-major lower one (A is symmetric), so LAPACK's
  // column-major routines work on the buffer as it is, with 'L'.
  int info = 0;
  blas.dpotrf("L", &ln, inv.data(), &ln, &info, 1);
  if (info == 0) blas.dpotri("L", &ln, inv.data(), &ln, &info, 1);
  r.seconds = w.seconds();
  if (info != 0) throw Error(fmt::format("invert: LAPACK failed (info {})", info));
  // dpotri leaves the inverse in the (row-major) upper triangle; mirror it.
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < i; ++j) inv[i * n + j] = inv[j * n + i];
  std::vector<double> product(n * n);
  constexpr int kRowMajor = 101, kNoTrans = 111;  // cblas.h's CblasRowMajor, CblasNoTrans
  blas.dgemm(kRowMajor, kNoTrans, kNoTrans, ln, ln, ln, 1.0, a.data(), ln, inv.data(), ln, 0.0,
             product.data(), ln);
  double off = 0, norm = 0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      double d = product[i * n + j] - (i == j ? 1.0 : 0.0);
      off += d * d;
      norm += a[i * n + j] * a[i * n + j];
    }
  r.residual = std::sqrt(off) / std::sqrt(norm);
  return r;
}

}  // namespace parkit::workloads
