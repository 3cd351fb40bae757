// The mpi transport: ranks are the processes mpirun started (MPI_COMM_WORLD). Point-to-point
// messages go straight from and into the caller's memory: small ones by MPI_Send/MPI_Recv, larger
// ones by MPI_Isend (tested while arriving pieces are taken in, so two ranks sending to each
// other never deadlock) and matched probes (MPI_Mprobe/MPI_Mrecv), split into pieces past 1 GiB;
// the collectives are MPI's; the shared counters live in an MPI window (see open_counters), so
// dynamic scheduling needs no coordinator and every rank computes. See
// docs/decisions/0008-mpi-transport.md.
#pragma once

#include <mpi.h>

#include <atomic>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <tuple>

#include "comm/mpi_run.hpp"
#include "parkit/comm.hpp"

namespace parkit::detail {

class MpiComm final : public Comm {
 public:
  // Collective over MPI_COMM_WORLD. piece_bytes: the largest single MPI message (bigger ones
  // are split); tests shrink it to exercise the splitting without 2 GiB messages.
  explicit MpiComm(std::size_t piece_bytes = default_piece_bytes());
  ~MpiComm() override;  // collective

  static std::size_t default_piece_bytes();

  int rank() const noexcept override { return rank_; }
  int size() const noexcept override { return size_; }
  std::string_view transport() const noexcept override { return "mpi"; }

  void send_bytes(std::span<const std::byte> data, int dest, int tag) override;
  Message recv_bytes(int source, int tag) override;
  std::optional<Message> try_recv_bytes(int source, int tag) override;
  void recv_bytes_into(std::span<std::byte> out, int source, int tag) override;

  void barrier() override;
  void bcast_bytes(Bytes& data, int root) override;
  std::vector<Bytes> gather_bytes(std::span<const std::byte> mine, int root) override;
  Bytes scatter_bytes(const std::vector<Bytes>& parts, int root) override;

  std::int64_t fetch_add(std::int64_t delta) override;
  std::int64_t sched_load() override;
  bool sched_cas(std::int64_t& expected, std::int64_t desired) override;
  // An MPI job has no cancellation: a failing rank aborts the whole job (run_mpi).
  bool cancelled() const noexcept override { return false; }

 private:
  // parkit's tag -> (communicator, MPI tag): user tags (>= 0) on one communicator, parkit's
  // reserved tags on another, so a user's any_tag never takes a collective's message.
  MPI_Comm comm_for(int tag) const noexcept {
    return tag >= 0 || tag == any_tag ? user_ : internal_;
  }
  int mpi_tag(int tag) const;
  Message envelope(MPI_Comm c, const MPI_Status& st) const;
  void open_counters();
  std::atomic_ref<std::int64_t> word(int k) noexcept {
    return std::atomic_ref<std::int64_t>(counters_[k]);
  }
  int mpi_source(int source) const;
  void send_piece(const std::byte* data, std::size_t n, int dest, int tag, MPI_Comm c);
  // Takes in one piece that has arrived, if any (see mpi_comm.cpp).
  void drain_one();
  // The first message matching (source, tag): from pending_, else from MPI (blocking or not).
  std::optional<Message> take(int source, int tag, bool block, std::span<std::byte> into,
                              std::size_t* got);
  std::optional<Message> add_piece(MPI_Comm c, MPI_Message msg, const MPI_Status& st);
  std::size_t recv_pieces(MPI_Comm c, MPI_Message msg, MPI_Status st, Bytes& out,
                          std::span<std::byte> into);

  // Messages this small leave with a plain MPI_Send: every MPI sends them eagerly (buffered at
  // the receiver), so they cannot wait on a receiver that is itself sending.
  static constexpr std::size_t eager_bytes = 1024;

  int rank_ = 0, size_ = 1;
  std::size_t piece_;
  int tag_ub_ = 32767;
  MPI_Comm user_ = MPI_COMM_NULL, internal_ = MPI_COMM_NULL;
  MPI_Win win_ = MPI_WIN_NULL;
  std::int64_t* counters_ = nullptr;  // rank 0's window memory: [user counter, sched word]
  bool shared_ = false;  // every rank maps counters_ directly (the team is on one node)
  // Messages that arrived while this rank was sending a large one (see send_piece).
  std::deque<Message> pending_;
  // Multi-piece messages drain_one has begun, by (internal?, source, MPI tag).
  std::map<std::tuple<bool, int, int>, Message> partial_;
};

}  // namespace parkit::detail
