// The light parkit and parkit-mpi (docs/decisions/0010-light-parkit.md). Built with MPI, the
// project makes two programs from the same code: `parkit`, linked without MPI (OpenMPI's
// libraries cost every process 1.4 ms of start-up and 3.8 MB), and `parkit-mpi` beside it. The
// light one hands a command that needs MPI over to parkit-mpi with exec, unchanged.
#pragma once

namespace parkit::cli {

// Whether --backend mpi can be used through this program: it carries MPI, or parkit-mpi is
// beside it.
bool mpi_offered();

// Call first in main, before any thread. Returns when this program should run the command
// itself; otherwise replaces this process with parkit-mpi running the same arguments: when a
// launcher (mpirun) started it, when the command is `cluster` or `engine`, or when an argument, or
// a part of one between ',' and '=', is "mpi" (`--backend mpi`, `--backend=mpi`, `parkit mpi
// hello`). A command that needs MPI when parkit-mpi is missing runs here and meets the usual "built
// without MPI" error.
void hand_over_to_mpi_build(int argc, char** argv);

}  // namespace parkit::cli
