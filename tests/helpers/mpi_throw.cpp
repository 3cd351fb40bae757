// Test helper for the MPI abort contract: under mpirun, the last rank throws while every other
// rank waits for a message that never comes. The job must end (non-zero, with that rank's
// message first), not hang.
#include <stdexcept>
#include <string>

#include "parkit/mpi.hpp"
#include "parkit/run.hpp"

int main() {
  parkit::run(parkit::make_team(parkit::Backend::mpi, parkit::mpi::world_size()),
              [](parkit::Comm& c) {
                if (c.rank() == c.size() - 1)
                  throw std::runtime_error("rank " + std::to_string(c.rank()) + " gives up");
                c.recv<int>(c.size() - 1, 0);  // never sent
              });
  return 0;
}
