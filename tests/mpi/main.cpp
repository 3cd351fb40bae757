// The Comm and pattern tests again, as MPI ranks: ctest starts this binary under mpirun at
// several -np. Every rank runs every test (the collectives need them all); a check that fails
// inside a rank's code throws, which aborts the whole job with a non-zero exit code. The checks
// after run() see rank 0's result on every rank, but only rank 0 reports: its verdict is the
// exit code, and the others stay quiet.
#include <gtest/gtest.h>

#include "parkit/mpi.hpp"

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  if (!parkit::mpi::launched()) {
    std::fprintf(stderr, "run me under mpirun\n");
    return 2;
  }
  int rank = parkit::mpi::world_rank();
  if (rank != 0) {
    auto& listeners = testing::UnitTest::GetInstance()->listeners();
    delete listeners.Release(listeners.default_result_printer());
  }
  int rc = RUN_ALL_TESTS();
  return rank == 0 ? rc : 0;
}
