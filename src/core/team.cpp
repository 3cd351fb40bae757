#include "parkit/team.hpp"

#include <fmt/format.h>
#include <sched.h>

#include <thread>

#include "parkit/errors.hpp"

namespace parkit {

std::string_view to_string(Backend b) noexcept {
  switch (b) {
    case Backend::serial:
      return "serial";
    case Backend::threads:
      return "threads";
    case Backend::processes:
      return "processes";
    case Backend::mpi:
      return "mpi";
  }
  return "?";
}

Backend parse_backend(std::string_view name) {
  for (Backend b : {Backend::serial, Backend::threads, Backend::processes, Backend::mpi})
    if (name == to_string(b)) return b;
  throw UsageError(
      fmt::format("unknown backend '{}' (expected serial, threads, processes or mpi)", name));
}

int hardware_workers() noexcept {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    int n = CPU_COUNT(&set);
    if (n > 0) return n;
  }
  unsigned n = std::thread::hardware_concurrency();
  return n ? static_cast<int>(n) : 1;
}

void check_workers(int workers) {
  if (workers < 1 || workers > max_workers)
    throw UsageError(fmt::format("workers must be between 1 and {}, got {}", max_workers, workers));
}

Team make_team(Backend backend, int workers) {
  check_workers(workers);
  if (backend == Backend::mpi && !mpi_available())
    throw UsageError(
        "backend mpi: this parkit was built without MPI (PARKIT_WITH_MPI=OFF), or parkit-mpi is "
        "not beside it");
  if (backend == Backend::serial) workers = 1;
  return {backend, workers};
}

}  // namespace parkit
