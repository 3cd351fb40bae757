// The teams concurrency tests sweep: threads and processes at 1, 2, 3 and the hardware count.
// Built into the MPI test binary (PARKIT_TEST_MPI), the one team is MPI_COMM_WORLD: mpirun
// picks its size, and ctest runs it at several.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "parkit/mpi.hpp"
#include "parkit/team.hpp"

// The smallest processes team that uses the folder transport (test_team_security.cpp checks).
inline constexpr int folder_team_ranks = 9;

inline std::vector<parkit::Team> sweep_teams() {
  std::vector<parkit::Team> out;
#ifdef PARKIT_TEST_MPI
  out.push_back(parkit::make_team(parkit::Backend::mpi, parkit::mpi::world_size()));
  return out;
#endif
  for (auto b : {parkit::Backend::threads, parkit::Backend::processes}) {
    std::vector<int> counts{1, 2, 3};
    int hw = parkit::hardware_workers();
    if (hw > 3) counts.push_back(hw);
    // A processes team bigger than mesh_max_ranks (8, process_comm.hpp) connects through its
    // folder's sockets instead of socketpairs: sweep that transport too.
    if (b == parkit::Backend::processes) counts.push_back(folder_team_ranks);
    for (int w : counts) out.push_back(parkit::make_team(b, w));
  }
  return out;
}

inline std::string team_name(const testing::TestParamInfo<parkit::Team>& info) {
  return std::string(parkit::to_string(info.param.backend)) + "_" +
         std::to_string(info.param.workers);
}

// Whether this process reports the checks made after run(): always, except on the MPI ranks
// other than 0 (where a sink or a side effect of rank 0 never ran).
inline bool reporting_rank() { return parkit::mpi::world_rank() == 0; }
