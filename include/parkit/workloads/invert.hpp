// The tutorials' BLAS-threads lesson (OMP_NUM_THREADS): a random symmetric positive-definite
// matrix inverted through LAPACK with OpenBLAS's threads.
//
// Cholesky (dpotrf, then dpotri) rather than LU (dgetrf/dgetri, what np.linalg.inv calls): the
// matrix is symmetric positive-definite, so Cholesky needs no pivoting and about half the flops
// (n^3 against 2n^3), and the inverse stays exactly symmetric.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace parkit::workloads {

// n x n, row-major, symmetric: off-diagonal entries uniform in [-1, 1) from RandomStream(seed,
// i * n + j) for i < j, diagonal n, so strictly diagonally dominant and positive-definite.
std::vector<double> spd_matrix(std::size_t n, std::uint64_t seed);

struct Inversion {
  double seconds = 0;   // dpotrf + dpotri only
  double residual = 0;  // ||A A^-1 - I||_F / ||A||_F
  int threads = 0;      // BLAS threads in use
};
// UsageError for n = 0 or a matrix that would need more memory than this machine has (it says
// how much). threads 0: keep the BLAS's own choice.
Inversion invert(std::size_t n, int threads, std::uint64_t seed = 2026);

// Bytes invert(n) allocates: A, its inverse and the product for the residual.
double invert_bytes(std::size_t n);

}  // namespace parkit::workloads
