// The tutorials' MPI examples (mpi4py's hello, send/recv, bcast, scatter, gather, reduce,
// allreduce), each in its object form (a Python-like value, serialized) and its buffer form (a
// numeric array, sent as raw bytes). Written over Comm, so they run on any team; under mpirun
// they are the tutorials' programs. Each checks its own result (throwing on a mismatch) and
// returns, on rank 0, the lines the ranks printed, in rank order.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "parkit/comm.hpp"
#include "parkit/team.hpp"

namespace parkit::workloads {

const std::vector<std::string>& mpi_example_names();
// UsageError for an unknown name, or sendrecv in a team of one.
std::string mpi_example(Comm& c, std::string_view name);
std::string mpi_example(const Team& team, std::string_view name);

}  // namespace parkit::workloads
