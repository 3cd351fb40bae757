// Starting and stopping MPI once per process, and finding out whether a launcher started us.
#include "parkit/mpi.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "comm/mpi_run.hpp"
#include "parkit/blas_threads.hpp"
#include "parkit/errors.hpp"
#include "parkit/team.hpp"

#ifdef PARKIT_HAVE_MPI
#include <fmt/format.h>
#include <mpi.h>
#endif

namespace parkit::mpi {

bool launched() noexcept {
  // OpenMPI's mpirun, PMIx launchers (srun --mpi=pmix, prterun), PMI-1/2 (hydra, srun --mpi=pmi2).
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(v)) return true;  // NOLINT(concurrency-mt-unsafe): read-only environment
  return false;
}

int launcher_rank() noexcept {
  for (const char* v : {"OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK"})
    if (const char* r = std::getenv(v))  // NOLINT(concurrency-mt-unsafe): read-only environment
      return std::atoi(r);
  return 0;
}

std::string single_rank_note() {
  return "parkit: note: --backend mpi outside mpirun/srun: running as a single rank "
         "(start it with: mpirun -np N parkit ...)";
}

}  // namespace parkit::mpi

namespace parkit {

bool mpi_available() noexcept {
#ifdef PARKIT_HAVE_MPI
  return true;
#else
  return false;
#endif
}

}  // namespace parkit

namespace parkit::mpi {

#ifdef PARKIT_HAVE_MPI

namespace {
bool started = false;

void finish() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) MPI_Finalize();
}

void start() {
  static std::once_flag once;
  std::call_once(once, [] {
    int initialized = 0;
    MPI_Initialized(&initialized);
    if (!initialized) {
      // THREAD_MULTIPLE: a TeamPool's dispatcher thread talks MPI while the main thread waits.
      int provided = 0;
      if (MPI_Init_thread(nullptr, nullptr, MPI_THREAD_MULTIPLE, &provided) != MPI_SUCCESS)
        throw CommError("MPI_Init_thread failed");
      std::atexit(finish);
      if (provided < MPI_THREAD_SERIALIZED)
        throw CommError(
            fmt::format("this MPI gives thread level {} only; parkit needs at least "
                        "MPI_THREAD_SERIALIZED",
                        provided));
    }
    started = true;
    int size = 1;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (size > 1) blas_threads_for_a_worker();  // ranks share the cores
  });
}
}  // namespace

bool running() noexcept { return started; }

int world_rank() {
  if (!launched()) return 0;
  start();
  int r = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}

int world_size() {
  if (!launched()) return 1;
  start();
  int s = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &s);
  return s;
}

void abort_job(int code) noexcept {
  std::fflush(nullptr);
  if (started) {
    // The rank's stderr reaches mpirun through its output forwarding, MPI_Abort's report through
    // another channel; a moment's pause lets the rank's own message be printed first.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    MPI_Abort(MPI_COMM_WORLD, code);
  }
  std::_Exit(code);
}

#else

bool running() noexcept { return false; }
int world_rank() { return 0; }
int world_size() { return 1; }
void abort_job(int code) noexcept {
  std::fflush(nullptr);
  std::_Exit(code);
}

#endif

}  // namespace parkit::mpi

#ifndef PARKIT_HAVE_MPI
void parkit::detail::run_mpi(const std::function<void(Comm&)>& /*fn*/) {
  make_team(Backend::mpi, 1);  // throws UsageError: the one wording of "no MPI here"
}
#endif
