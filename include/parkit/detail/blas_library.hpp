// OpenBLAS, loaded on first use (dlopen) rather than linked: a linked OpenBLAS and LAPACK are
// loaded into every parkit command, with the BLAS's thread pool, before main runs (measured
// here: 4.9 of the 8 ms that `parkit --version` took, and a spinning BLAS thread on the other
// core). Only `invert` and the BLAS thread controls load it.
#pragma once

namespace parkit::detail {

struct BlasLibrary {
  void (*set_num_threads)(int);
  int (*get_num_threads)();
  // LAPACK's Fortran entry points (column-major; the trailing length is the hidden CHARACTER
  // length gfortran passes).
  void (*dpotrf)(const char* uplo, const int* n, double* a, const int* lda, int* info,
                 unsigned long uplo_len);
  void (*dpotri)(const char* uplo, const int* n, double* a, const int* lda, int* info,
                 unsigned long uplo_len);
  // cblas_dgemm, its enums passed as the ints cblas.h gives them.
  void (*dgemm)(int order, int trans_a, int trans_b, int m, int n, int k, double alpha,
                const double* a, int lda, const double* b, int ldb, double beta, double* c,
                int ldc);
};

// Loads the library on the first call (thread-safe); Error naming it if it cannot be loaded.
const BlasLibrary& blas_library();
// Whether it is loaded in this process (a forked child inherits its parent's).
bool blas_loaded() noexcept;

}  // namespace parkit::detail
