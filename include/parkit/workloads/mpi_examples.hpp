// The tutorials' MPI examples with their words and data: hello ("Hello from process r out of
// n"), the strings sent, broadcast, gathered and scattered ("Hello World, I'm rank r"), then
// mpi4py's send/recv, bcast, scatter, gather, reduce and allreduce, each in its object form (a
// Python value, serialized; printed as Python's repr) and its buffer form (a NumPy-like array
// sent as raw bytes; printed as NumPy's str), allreduce's buffer in place. Written over Comm, so
// they run on any team; under mpirun they are the tutorials' programs. Each checks its own
// result (throwing on a mismatch) and returns, on rank 0, the lines every rank printed, in rank
// order (under mpirun only rank 0 writes to stdout).
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
