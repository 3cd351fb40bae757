// The MPI world this process belongs to, when it was started by mpirun/mpiexec/srun. Safe to
// call in a build without MPI (then there is no world: one rank, rank 0).
#pragma once

#include <string>

namespace parkit::mpi {

// True when a launcher (OpenMPI's mpirun, a PMI/PMIx launcher such as srun or MPICH's hydra)
// started this process. Reads the environment only; does not start MPI.
bool launched() noexcept;

// This process's rank as the launcher set it in the environment (without starting MPI); 0 when
// no launcher started it.
int launcher_rank() noexcept;

// Starts MPI on first use (MPI_Init_thread, finalized at exit) when launched(); otherwise, and
// in builds without MPI, the world is this one process.
int world_rank();
int world_size();

// Ends the whole job: prints nothing itself; MPI_Abort when MPI is running, else exit(code).
[[noreturn]] void abort_job(int code) noexcept;

// Whether MPI has been started in this process (so an error must end every rank, not just one).
bool running() noexcept;

// What `--backend mpi` says when no launcher started this process.
std::string single_rank_note();

}  // namespace parkit::mpi
