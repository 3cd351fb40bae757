#include "parkit/blas_threads.hpp"

#include <dlfcn.h>
#include <fmt/format.h>

#include <atomic>
#include <cstdlib>
#include <mutex>

#include "parkit/detail/blas_library.hpp"
#include "parkit/errors.hpp"

namespace parkit {

namespace detail {

namespace {

std::atomic<const BlasLibrary*> g_loaded{nullptr};
// Set in a worker before the library is loaded: apply one thread when it is.
std::atomic<bool> g_worker{false};

bool env_names_a_count() {
  // Read only; nothing in parkit sets them.
  return std::getenv("OPENBLAS_NUM_THREADS") != nullptr ||  // NOLINT(concurrency-mt-unsafe)
         std::getenv("OMP_NUM_THREADS") != nullptr;         // NOLINT(concurrency-mt-unsafe)
}

template <class F>
void bind(void* lib, F*& fn, const char* name) {
  fn = reinterpret_cast<F*>(::dlsym(lib, name));
  if (fn == nullptr)
    throw Error(fmt::format("the BLAS library {} has no {}", PARKIT_OPENBLAS_SONAME, name));
}

}  // namespace

const BlasLibrary& blas_library() {
  if (const BlasLibrary* l = g_loaded.load(std::memory_order_acquire)) return *l;
  static std::mutex m;
  std::lock_guard lock(m);
  if (const BlasLibrary* l = g_loaded.load(std::memory_order_acquire)) return *l;
  void* lib = ::dlopen(PARKIT_OPENBLAS_SONAME, RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) {
    const char* why = ::dlerror();  // NOLINT(concurrency-mt-unsafe): under the mutex
    throw Error(
        fmt::format("cannot load the BLAS library {} (Debian: apt-get install libopenblas0): {}",
                    PARKIT_OPENBLAS_SONAME, why));
  }
  static BlasLibrary blas{};  // the library stays loaded for the process's life
  bind(lib, blas.set_num_threads, "openblas_set_num_threads");
  bind(lib, blas.get_num_threads, "openblas_get_num_threads");
  bind(lib, blas.dpotrf, "dpotrf_");
  bind(lib, blas.dpotri, "dpotri_");
  bind(lib, blas.dgemm, "cblas_dgemm");
  if (g_worker.load() && !env_names_a_count()) blas.set_num_threads(1);
  g_loaded.store(&blas, std::memory_order_release);
  return blas;
}

bool blas_loaded() noexcept { return g_loaded.load(std::memory_order_acquire) != nullptr; }

}  // namespace detail

int blas_threads() { return detail::blas_library().get_num_threads(); }

void set_blas_threads(int n) { detail::blas_library().set_num_threads(n); }

void blas_threads_for_a_worker() noexcept {
  detail::g_worker.store(true);
  // Loaded already (inherited from the parent): one thread now; otherwise when it loads.
  if (detail::blas_loaded() && !detail::env_names_a_count())
    detail::g_loaded.load()->set_num_threads(1);
}

}  // namespace parkit
