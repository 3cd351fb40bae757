// The mpi transport against raw MPI, in one run (run it under mpirun -np 2):
//   ping-pong of 8 bytes: Comm::send/recv (buffer form) vs MPI_Send/MPI_Recv, half round trip;
//   1 MiB buffers: the same ping-pong, as bandwidth;
//   integrate n=10000: --backend mpi vs serial.
// Rounds alternate raw and parkit so that a noisy moment of the shared machine hits both; each
// figure is the best round. Prints a table on rank 0.
#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "parkit/mpi.hpp"
#include "parkit/run.hpp"
#include "parkit/workloads/integrate.hpp"

namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point t) {
  return std::chrono::duration<double>(clock_type::now() - t).count();
}

// Half a round trip, in seconds, averaged over `iters` round trips between ranks 0 and 1.
template <class Send, class Recv>
double pingpong(int rank, int iters, Send send, Recv recv) {
  MPI_Barrier(MPI_COMM_WORLD);
  auto t = clock_type::now();
  for (int k = 0; k < iters; ++k) {
    if (rank == 0) {
      send(1);
      recv(1);
    } else if (rank == 1) {
      recv(0);
      send(0);
    }
  }
  return seconds_since(t) / iters / 2;
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = argc > 1 ? std::atoi(argv[1]) : 7;
  auto team = parkit::make_team(parkit::Backend::mpi, parkit::mpi::world_size());
  int rank = parkit::mpi::world_rank();
  if (parkit::mpi::world_size() < 2) {
    std::fprintf(stderr, "run under mpirun -np 2\n");
    return 2;
  }
  struct Best {
    double raw = 1e9, comm = 1e9;
  } small, big, integ, empty;

  parkit::run(team, [&](parkit::Comm& c) {
    std::vector<std::byte> s8(8), s1m(1 << 20);
    for (int r = 0; r < rounds; ++r) {
      for (auto* size : {&s8, &s1m}) {
        auto& buf = *size;
        int n = static_cast<int>(buf.size());
        int iters = n == 8 ? 20000 : 300;
        Best& b = n == 8 ? small : big;
        b.raw = std::min(
            b.raw, pingpong(
                       rank, iters,
                       [&](int to) { MPI_Send(buf.data(), n, MPI_BYTE, to, 0, MPI_COMM_WORLD); },
                       [&](int from) {
                         MPI_Recv(buf.data(), n, MPI_BYTE, from, 0, MPI_COMM_WORLD,
                                  MPI_STATUS_IGNORE);
                       }));
        b.comm =
            std::min(b.comm, pingpong(
                                 rank, iters,
                                 [&](int to) { c.send(std::span<const std::byte>(buf), to, 0); },
                                 [&](int from) { c.recv(std::span<std::byte>(buf), from, 0); }));
      }
    }
  });

  for (int r = 0; r < std::max(3, rounds / 2); ++r) {
    MPI_Barrier(MPI_COMM_WORLD);
    auto t = clock_type::now();
    // Serial on rank 0 alone (the other rank waits in the barrier), as a one-process run would.
    if (rank == 0)
      parkit::workloads::integrate(parkit::make_team(parkit::Backend::serial, 1), 10000);
    integ.raw = std::min(integ.raw, seconds_since(t));
    MPI_Barrier(MPI_COMM_WORLD);
    t = clock_type::now();
    parkit::workloads::integrate(team, 10000);
    integ.comm = std::min(integ.comm, seconds_since(t));
    MPI_Barrier(MPI_COMM_WORLD);
    t = clock_type::now();
    parkit::run(team, [](parkit::Comm&) {});
    empty.comm = std::min(empty.comm, seconds_since(t));
  }

  if (rank == 0) {
    std::printf("%-28s %14s %14s %10s\n", "measure (best of rounds)", "raw MPI", "parkit", "ratio");
    std::printf("%-28s %11.2f us %11.2f us %9.2fx  (target <= 1.2x)\n", "8-byte ping-pong latency",
                small.raw * 1e6, small.comm * 1e6, small.comm / small.raw);
    double bw_raw = (1 << 20) / big.raw / 1e9, bw_comm = (1 << 20) / big.comm / 1e9;
    std::printf("%-28s %10.2f GB/s %10.2f GB/s %8.0f%%  (target >= 90%%)\n",
                "1 MiB transfer bandwidth", bw_raw, bw_comm, 100 * bw_comm / bw_raw);
    std::printf("%-28s %11.1f ms %11.1f ms %9.2fx  (target >= 1.8x at -np 2)\n",
                "integrate n=10000: serial / mpi", integ.raw * 1e3, integ.comm * 1e3,
                integ.raw / integ.comm);
    std::printf("%-28s %14s %11.2f ms\n", "empty run() on the mpi team", "", empty.comm * 1e3);
  }
  return 0;
}
