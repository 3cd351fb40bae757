#include "comm/mpi_comm.hpp"

#include "parkit/detail/failure.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <numeric>
#include <optional>
#include <string>

#include "comm/pending.hpp"
#include "comm/thread_comm.hpp"
#include "parkit/errors.hpp"
#include "parkit/mpi.hpp"

namespace parkit::detail {

namespace {

void ok(int rc, const char* what) {
  if (rc == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int n = 0;
  MPI_Error_string(rc, text, &n);
  throw CommError(
      fmt::format("{} failed: {}", what, std::string_view(text, static_cast<std::size_t>(n))));
}

// MPI_Gatherv/MPI_Scatterv's view of per-rank byte counts (which fit an int: callers check).
struct Layout {
  std::vector<int> counts, displs;
  explicit Layout(const std::vector<std::uint64_t>& sizes) {
    for (auto s : sizes) {
      displs.push_back(counts.empty() ? 0 : displs.back() + counts.back());
      counts.push_back(static_cast<int>(s));
    }
  }
};

int count_of(const MPI_Status& st) {
  int n = 0;
  ok(MPI_Get_count(&st, MPI_BYTE, &n), "MPI_Get_count");
  return n;
}

}  // namespace

std::size_t MpiComm::default_piece_bytes() {
  // One MPI message carries at most INT_MAX elements; 1 GiB pieces stay well inside that.
  // PARKIT_MPI_PIECE_BYTES (tests only) makes them small enough to exercise the splitting.
  if (const char* v = std::getenv("PARKIT_MPI_PIECE_BYTES")) {  // NOLINT(concurrency-mt-unsafe)
    char* end = nullptr;
    unsigned long long n = std::strtoull(v, &end, 10);
    if (end != v && *end == '\0' && n >= 1 && n <= (1ull << 30)) return static_cast<std::size_t>(n);
    throw UsageError(fmt::format("PARKIT_MPI_PIECE_BYTES must be between 1 and 2^30, got '{}'", v));
  }
  return std::size_t{1} << 30;
}

MpiComm::MpiComm(std::size_t piece_bytes) : piece_(piece_bytes) {
  ok(MPI_Comm_dup(MPI_COMM_WORLD, &user_), "MPI_Comm_dup");
  ok(MPI_Comm_dup(MPI_COMM_WORLD, &internal_), "MPI_Comm_dup");
  for (MPI_Comm c : {user_, internal_}) MPI_Comm_set_errhandler(c, MPI_ERRORS_RETURN);
  MPI_Comm_rank(user_, &rank_);
  MPI_Comm_size(user_, &size_);
  int* ub = nullptr;
  int flag = 0;
  MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_TAG_UB, &ub, &flag);
  if (flag && ub) tag_ub_ = *ub;

  open_counters();
}

// The two shared words live on rank 0. When every rank is on one node (MPI_COMM_TYPE_SHARED
// spans the team) they sit in an MPI shared-memory window and every rank updates them with
// ordinary lock-free atomics, like the processes transport. Across nodes they are updated with
// MPI's one-sided atomics under a passive-target epoch that lasts the communicator's life.
// (OpenMPI 4.1.4's default osc/rdma over the vader BTL crashes when a rank targets its own
// window, so one node takes that path only when a test forces it, over osc/ucx.)
void MpiComm::open_counters() {
  MPI_Comm node;
  ok(MPI_Comm_split_type(internal_, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node),
     "MPI_Comm_split_type");
  int node_size = 0;
  MPI_Comm_size(node, &node_size);
  MPI_Comm_free(&node);
  shared_ = node_size == size_;
  // PARKIT_MPI_COUNTERS=onesided (tests) takes the cross-node path on one node too.
  // NOLINTNEXTLINE(concurrency-mt-unsafe): read-only environment
  if (const char* v = std::getenv("PARKIT_MPI_COUNTERS"); v && std::string_view(v) == "onesided")
    shared_ = false;
  MPI_Aint bytes = rank_ == 0 ? 2 * static_cast<MPI_Aint>(sizeof(std::int64_t)) : 0;
  if (shared_) {
    ok(MPI_Win_allocate_shared(bytes, sizeof(std::int64_t), MPI_INFO_NULL, internal_, &counters_,
                               &win_),
       "MPI_Win_allocate_shared");
    MPI_Aint size = 0;
    int disp = 0;
    ok(MPI_Win_shared_query(win_, 0, &size, &disp, &counters_), "MPI_Win_shared_query");
    if (rank_ == 0)
      for (int k = 0; k < 2; ++k) word(k).store(0);
  } else {
    ok(MPI_Win_allocate(bytes, sizeof(std::int64_t), MPI_INFO_NULL, internal_, &counters_, &win_),
       "MPI_Win_allocate");
    MPI_Win_set_errhandler(win_, MPI_ERRORS_RETURN);
    ok(MPI_Win_lock_all(MPI_MODE_NOCHECK, win_), "MPI_Win_lock_all");
    if (rank_ == 0) {
      const std::int64_t zeros[2] = {0, 0};
      ok(MPI_Put(zeros, 2, MPI_INT64_T, 0, 0, 2, MPI_INT64_T, win_), "MPI_Put");
      ok(MPI_Win_flush(0, win_), "MPI_Win_flush");
    }
  }
  ok(MPI_Barrier(internal_), "MPI_Barrier");
}

MpiComm::~MpiComm() {
  if (!shared_) MPI_Win_unlock_all(win_);
  MPI_Win_free(&win_);
  MPI_Comm_free(&internal_);
  MPI_Comm_free(&user_);
}

// An empty message from the sender and with the parkit tag of a matched MPI status.
Message MpiComm::envelope(MPI_Comm c, const MPI_Status& st) const {
  return Message{st.MPI_SOURCE, c == user_ ? st.MPI_TAG : -st.MPI_TAG, {}};
}

int MpiComm::mpi_tag(int tag) const {
  if (tag == any_tag) return MPI_ANY_TAG;
  if (tag < 0) return -tag;  // parkit's reserved tags, on the internal communicator
  if (tag > tag_ub_)
    throw UsageError(fmt::format("message tag {} is above this MPI's limit of {}", tag, tag_ub_));
  return tag;
}

int MpiComm::mpi_source(int source) const {
  if (source == any_source) return MPI_ANY_SOURCE;
  check_peer(source, "recv");
  return source;
}

void MpiComm::send_bytes(std::span<const std::byte> data, int dest, int tag) {
  check_peer(dest, "send");
  MPI_Comm c = comm_for(tag);
  int t = mpi_tag(tag);
  // A message of exactly k pieces is followed by an empty one: the receiver stops at the first
  // piece shorter than piece_.
  std::size_t off = 0;
  for (;;) {
    std::size_t n = std::min(piece_, data.size() - off);
    send_piece(data.data() + off, n, dest, t, c);
    off += n;
    if (n < piece_) return;
  }
}

// A small message leaves at once (MPI's eager protocol). A large one waits for its receiver; if
// that receiver is itself sending to us, plain MPI_Send would deadlock, so while the send is
// pending this rank takes in whatever arrives and keeps it for its own later receives (the
// contract every parkit transport keeps: sends never deadlock on each other).
void MpiComm::send_piece(const std::byte* data, std::size_t n, int dest, int t, MPI_Comm c) {
  if (n <= eager_bytes) {
    ok(MPI_Send(data, static_cast<int>(n), MPI_BYTE, dest, t, c), "MPI_Send");
    return;
  }
  MPI_Request req;
  ok(MPI_Isend(data, static_cast<int>(n), MPI_BYTE, dest, t, c, &req), "MPI_Isend");
  int done = 0;
  ok(MPI_Test(&req, &done, MPI_STATUS_IGNORE), "MPI_Test");
  while (!done) {
    drain_one();
    ok(MPI_Test(&req, &done, MPI_STATUS_IGNORE), "MPI_Test");
  }
}

// Takes in one piece that has arrived, if any, without waiting for the rest of its message:
// the sender of a multi-piece message may itself be waiting in send_piece for us.
void MpiComm::drain_one() {
  for (MPI_Comm c : {user_, internal_}) {
    MPI_Message msg;
    MPI_Status st;
    int flag = 0;
    ok(MPI_Improbe(MPI_ANY_SOURCE, MPI_ANY_TAG, c, &flag, &msg, &st), "MPI_Improbe");
    if (!flag) continue;
    if (auto done = add_piece(c, msg, st)) pending_.push_back(std::move(*done));
    return;
  }
}

// Receives a matched piece into the partial message it continues (or starts); returns the
// message once this piece completed it.
std::optional<Message> MpiComm::add_piece(MPI_Comm c, MPI_Message msg, const MPI_Status& st) {
  auto key = std::tuple(c == internal_, st.MPI_SOURCE, st.MPI_TAG);
  auto it = partial_.find(key);
  if (it == partial_.end()) it = partial_.emplace(key, envelope(c, st)).first;
  auto n = static_cast<std::size_t>(count_of(st));
  Bytes& data = it->second.data;
  std::size_t at = data.size();
  data.resize(at + n);
  ok(MPI_Mrecv(data.data() + at, static_cast<int>(n), MPI_BYTE, &msg, MPI_STATUS_IGNORE),
     "MPI_Mrecv");
  if (n == piece_) return std::nullopt;
  Message m = std::move(it->second);
  partial_.erase(it);
  return m;
}

// Receives the message whose first piece `msg` was matched with status `st` on communicator c,
// into `into` while it has room, appending the rest to out. Returns the message's size.
std::size_t MpiComm::recv_pieces(MPI_Comm c, MPI_Message msg, MPI_Status st, Bytes& out,
                                 std::span<std::byte> into) {
  std::size_t total = 0;
  for (;;) {
    auto n = static_cast<std::size_t>(count_of(st));
    std::byte* dst;
    if (total + n <= into.size()) {
      dst = into.data() + total;
    } else {
      std::size_t at = out.size();
      out.resize(at + n);
      dst = out.data() + at;
    }
    ok(MPI_Mrecv(dst, static_cast<int>(n), MPI_BYTE, &msg, MPI_STATUS_IGNORE), "MPI_Mrecv");
    total += n;
    if (n < piece_) return total;
    ok(MPI_Mprobe(st.MPI_SOURCE, st.MPI_TAG, c, &msg, &st), "MPI_Mprobe");
  }
}

std::optional<Message> MpiComm::take(int source, int tag, bool block, std::span<std::byte> into,
                                     std::size_t* got) {
  int src = mpi_source(source), t = mpi_tag(tag);
  auto deliver = [&](Message m) {
    if (got) {
      *got = m.data.size();
      if (m.data.size() == into.size()) copy_exact(m.data, into);
    }
    return std::optional<Message>(std::move(m));
  };
  if (auto m = take_match(pending_, source, tag)) return deliver(std::move(*m));
  MPI_Comm c = comm_for(tag);
  for (;;) {
    MPI_Message msg;
    MPI_Status st;
    if (block) {
      ok(MPI_Mprobe(src, t, c, &msg, &st), "MPI_Mprobe");
    } else {
      int flag = 0;
      ok(MPI_Improbe(src, t, c, &flag, &msg, &st), "MPI_Improbe");
      if (!flag) return std::nullopt;
    }
    if (partial_.count(std::tuple(c == internal_, st.MPI_SOURCE, st.MPI_TAG))) {
      // The next piece of a message that drain_one began: finish it piece by piece.
      if (auto m = add_piece(c, msg, st)) return deliver(std::move(*m));
      continue;
    }
    Message m = envelope(c, st);
    std::size_t n = recv_pieces(c, msg, st, m.data, into);
    if (got) *got = n;
    return m;
  }
}

Message MpiComm::recv_bytes(int source, int tag) { return *take(source, tag, true, {}, nullptr); }

std::optional<Message> MpiComm::try_recv_bytes(int source, int tag) {
  return take(source, tag, false, {}, nullptr);
}

void MpiComm::recv_bytes_into(std::span<std::byte> out, int source, int tag) {
  std::size_t got = 0;
  if (pending_.empty() && partial_.empty() && out.size() < piece_) {
    // The latency path: one MPI_Recv straight into the caller's buffer.
    MPI_Status st;
    int rc = MPI_Recv(out.data(), static_cast<int>(out.size()), MPI_BYTE, mpi_source(source),
                      mpi_tag(tag), comm_for(tag), &st);
    if (rc != MPI_SUCCESS) {
      int cls = 0;
      MPI_Error_class(rc, &cls);
      if (cls == MPI_ERR_TRUNCATE)
        throw CommError(
            fmt::format("a message longer than the {}-byte buffer arrived", out.size()));
      ok(rc, "MPI_Recv");
    }
    got = static_cast<std::size_t>(count_of(st));
  } else {
    take(source, tag, true, out, &got);
  }
  check_received(got, out.size());
}

void MpiComm::barrier() { ok(MPI_Barrier(internal_), "MPI_Barrier"); }

void MpiComm::bcast_bytes(Bytes& data, int root) {
  check_peer(root, "bcast");
  std::uint64_t n = data.size();
  ok(MPI_Bcast(&n, 1, MPI_UINT64_T, root, internal_), "MPI_Bcast");
  if (rank_ != root) data.resize(n);
  for (std::size_t off = 0; off < n; off += piece_) {
    auto len = static_cast<int>(std::min<std::size_t>(piece_, n - off));
    ok(MPI_Bcast(data.data() + off, len, MPI_BYTE, root, internal_), "MPI_Bcast");
  }
}

std::vector<Bytes> MpiComm::gather_bytes(std::span<const std::byte> mine, int root) {
  check_peer(root, "gather");
  std::uint64_t n = mine.size();
  std::vector<std::uint64_t> sizes(static_cast<std::size_t>(size_));
  ok(MPI_Allgather(&n, 1, MPI_UINT64_T, sizes.data(), 1, MPI_UINT64_T, internal_), "MPI_Allgather");
  std::uint64_t total = std::accumulate(sizes.begin(), sizes.end(), std::uint64_t{0});
  // MPI_Gatherv counts and displacements are ints: a larger gather goes point to point, in pieces.
  if (total > piece_) return Comm::gather_bytes(mine, root);
  Layout at(sizes);
  Bytes all(rank_ == root ? total : 0);
  ok(MPI_Gatherv(mine.data(), static_cast<int>(n), MPI_BYTE, all.data(), at.counts.data(),
                 at.displs.data(), MPI_BYTE, root, internal_),
     "MPI_Gatherv");
  std::vector<Bytes> out;
  if (rank_ != root) return out;
  for (std::size_t r = 0; r < sizes.size(); ++r)
    out.emplace_back(all.begin() + at.displs[r], all.begin() + at.displs[r] + at.counts[r]);
  return out;
}

Bytes MpiComm::scatter_bytes(const std::vector<Bytes>& parts, int root) {
  check_peer(root, "scatter");
  std::uint64_t total = 0;
  std::vector<std::uint64_t> sizes;
  if (rank_ == root) {
    if (parts.size() != static_cast<std::size_t>(size_))
      throw UsageError("scatter: root must pass exactly one part per rank");
    for (const auto& p : parts) sizes.push_back(p.size()), total += p.size();
  }
  ok(MPI_Bcast(&total, 1, MPI_UINT64_T, root, internal_), "MPI_Bcast");
  if (total > piece_) return Comm::scatter_bytes(parts, root);
  std::uint64_t n = 0;
  ok(MPI_Scatter(sizes.data(), 1, MPI_UINT64_T, &n, 1, MPI_UINT64_T, root, internal_),
     "MPI_Scatter");
  Layout at(sizes);
  Bytes all;
  if (rank_ == root)
    for (const auto& p : parts) all.insert(all.end(), p.begin(), p.end());
  Bytes mine(n);
  ok(MPI_Scatterv(all.data(), at.counts.data(), at.displs.data(), MPI_BYTE, mine.data(),
                  static_cast<int>(n), MPI_BYTE, root, internal_),
     "MPI_Scatterv");
  return mine;
}

std::int64_t MpiComm::fetch_add(std::int64_t delta) {
  if (shared_) return word(0).fetch_add(delta);
  std::int64_t old = 0;
  ok(MPI_Fetch_and_op(&delta, &old, MPI_INT64_T, 0, 0, MPI_SUM, win_), "MPI_Fetch_and_op");
  ok(MPI_Win_flush(0, win_), "MPI_Win_flush");
  return old;
}

std::int64_t MpiComm::sched_load() {
  if (shared_) return word(1).load();
  std::int64_t ignored = 0, v = 0;
  ok(MPI_Fetch_and_op(&ignored, &v, MPI_INT64_T, 0, 1, MPI_NO_OP, win_), "MPI_Fetch_and_op");
  ok(MPI_Win_flush(0, win_), "MPI_Win_flush");
  return v;
}

bool MpiComm::sched_cas(std::int64_t& expected, std::int64_t desired) {
  if (shared_) return word(1).compare_exchange_weak(expected, desired);
  std::int64_t seen = 0;
  ok(MPI_Compare_and_swap(&desired, &expected, &seen, MPI_INT64_T, 0, 1, win_),
     "MPI_Compare_and_swap");
  ok(MPI_Win_flush(0, win_), "MPI_Win_flush");
  if (seen == expected) return true;
  expected = seen;
  return false;
}

namespace {

[[noreturn]] void abort_with(int rank, std::exception_ptr e) {
  Failure f = classify(e);
  std::fflush(stdout);
  std::fprintf(stderr, "%s\n", error_line(f.what, rank).c_str());
  std::fflush(stderr);
  mpi::abort_job(f.cli_exit_code());
}

}  // namespace

void run_mpi(const std::function<void(Comm&)>& fn) {
  if (!mpi::launched()) {
    static std::once_flag told;
    std::call_once(told, [] { std::fprintf(stderr, "%s\n", mpi::single_rank_note().c_str()); });
    return run_threads(1, fn);
  }
  int rank = mpi::world_rank();
  // The communicator outlives the catch: its destructor is collective, and a rank that failed
  // must abort rather than wait in it for ranks that will never arrive.
  std::optional<MpiComm> c;
  try {
    c.emplace();
    fn(*c);
  } catch (...) {
    abort_with(rank, std::current_exception());
  }
  c.reset();
}

}  // namespace parkit::detail
