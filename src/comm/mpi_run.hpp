// The one entry to the mpi transport from the rest of the library. mpi_comm.cpp defines it in a
// build with MPI; mpi_world.cpp's variant without MPI (PARKIT_HAVE_MPI unset: the light parkit
// and -DPARKIT_WITH_MPI=OFF) refuses with a UsageError.
#pragma once

#include <functional>

#include "parkit/comm.hpp"

namespace parkit::detail {

// Runs fn on this process's rank of MPI_COMM_WORLD. An exception escaping fn prints
// "parkit: error: rank R: ..." and aborts the whole job (exit code 2 for UsageError, else 1).
void run_mpi(const std::function<void(Comm&)>& fn);

}  // namespace parkit::detail
