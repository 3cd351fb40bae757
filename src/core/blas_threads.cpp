#include "parkit/blas_threads.hpp"

#include <cstdlib>

// OpenBLAS's own controls (its cblas.h declares them; Debian's cblas.h may be another BLAS's).
extern "C" {
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
}

namespace parkit {

int blas_threads() noexcept { return openblas_get_num_threads(); }

void set_blas_threads(int n) noexcept { openblas_set_num_threads(n); }

void blas_threads_for_a_worker() noexcept {
  // NOLINTNEXTLINE(concurrency-mt-unsafe): read once as the worker starts, nothing sets it
  if (std::getenv("OPENBLAS_NUM_THREADS") != nullptr || std::getenv("OMP_NUM_THREADS") != nullptr)
    return;
  openblas_set_num_threads(1);
}

}  // namespace parkit
