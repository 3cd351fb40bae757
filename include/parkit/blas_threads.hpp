// The BLAS's (OpenBLAS's) thread count. A process that runs as one of many workers (a forked pool
// worker or team rank, an MPI rank) starts with one BLAS thread, so a team of P workers on P
// cores does not run P x cores threads; OPENBLAS_NUM_THREADS or OMP_NUM_THREADS, when set, win.
#pragma once

namespace parkit {

// Both load OpenBLAS on first use (detail/blas_library.hpp); Error if it cannot be loaded.
int blas_threads();
void set_blas_threads(int n);
// One BLAS thread unless the environment names a count (called in each worker as it starts).
void blas_threads_for_a_worker() noexcept;

}  // namespace parkit
