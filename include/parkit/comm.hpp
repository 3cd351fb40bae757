// Comm: one team of ranks, whatever carries its messages (threads, processes, MPI).
//
// A transport implements the protected byte layer (send_bytes, recv_bytes, try_recv_bytes, the
// scheduling word) and fetch_add and cancelled, and may override the byte collectives; everything
// typed is written once here.
// Trivially copyable values and spans go as raw bytes (mpi4py's uppercase path); other types go
// through serialization (the lowercase path). Collectives are called by every rank of the team,
// in the same order, like MPI's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>
#include <vector>

#include "parkit/serialization.hpp"

namespace parkit {

namespace detail {
struct CommAccess;
}

inline constexpr int any_source = -1;
inline constexpr int any_tag = -1;
// A neighbour that does not exist (MPI_PROC_NULL): sendrecv skips that side.
inline constexpr int proc_null = -3;

struct Message {
  int source = -1;
  int tag = 0;
  Bytes data;
  bool matches(int from, int with_tag) const noexcept {
    // any_tag means any user tag: it never takes a message of parkit's own (negative) tags.
    return (from == any_source || source == from) &&
           (with_tag == any_tag ? tag >= 0 : tag == with_tag);
  }
};

class Comm {
 public:
  virtual ~Comm() = default;
  Comm() = default;
  Comm(const Comm&) = delete;
  Comm& operator=(const Comm&) = delete;

  virtual int rank() const noexcept = 0;
  virtual int size() const noexcept = 0;
  virtual std::string_view transport() const noexcept = 0;

  // Blocks until every rank of the team has called it.
  virtual void barrier();

  // The team's shared counter (a user-facing fetch-and-add, like a multiprocessing.Value):
  // atomically adds delta and returns the previous value. Starts at 0.
  virtual std::int64_t fetch_add(std::int64_t delta) = 0;

  // True once another rank of the team has failed; long loops poll it between tasks.
  virtual bool cancelled() const noexcept = 0;
  void throw_if_cancelled() const {
    if (cancelled()) throw Cancelled();
  }

  // ---- point to point -----------------------------------------------------------------------
  template <Serializable T>
  void send(const T& value, int dest, int tag = 0) {
    check_user_tag(tag);
    if constexpr (TriviallySerializable<T>) {
      send_bytes(std::as_bytes(std::span<const T>(&value, 1)), dest, tag);
    } else {
      send_bytes(to_bytes(value), dest, tag);
    }
  }
  // Buffer form: a contiguous array of trivially copyable elements, sent without encoding.
  template <TriviallySerializable T>
  void send(std::span<const T> buffer, int dest, int tag = 0) {
    check_user_tag(tag);
    send_bytes(std::as_bytes(buffer), dest, tag);
  }
  template <TriviallySerializable T>
  void send(std::span<T> buffer, int dest, int tag = 0) {
    send(std::span<const T>(buffer), dest, tag);
  }

  template <Serializable T>
  T recv(int source = any_source, int tag = 0, int* source_out = nullptr) {
    Message m = recv_bytes(source, tag);
    if (source_out) *source_out = m.source;
    return from_bytes<T>(m.data);
  }
  // Buffer form: receives straight into `buffer`, whose size must match the message.
  template <TriviallySerializable T>
  void recv(std::span<T> buffer, int source = any_source, int tag = 0) {
    recv_bytes_into(std::as_writable_bytes(buffer), source, tag);
  }

  // Non-blocking forms (mpi4py's isend/irecv, Isend/Irecv). A parkit send never waits for its
  // receiver, so isend sends at once and returns a finished request; irecv returns a request
  // whose wait() (or a test() that finds the message there) fills `buffer`. Between the two a
  // rank computes while the message travels: the overlap a halo exchange wants. `buffer` must
  // outlive the request; a request not waited for is waited for by its destructor.
  class Request {
   public:
    Request() = default;
    Request(Request&& o) noexcept
        : comm_(o.comm_), buffer_(o.buffer_), source_(o.source_), tag_(o.tag_) {
      o.comm_ = nullptr;
    }
    Request& operator=(Request&& o) noexcept {
      if (this != &o) {
        finish_quietly();
        comm_ = o.comm_, buffer_ = o.buffer_, source_ = o.source_, tag_ = o.tag_;
        o.comm_ = nullptr;
      }
      return *this;
    }
    ~Request() { finish_quietly(); }
    // Blocks until the message is in the buffer.
    void wait() {
      if (!comm_) return;
      Comm* c = std::exchange(comm_, nullptr);
      c->recv_bytes_into(buffer_, source_, tag_);
    }
    // True (and the buffer filled) if the message has arrived; never blocks.
    bool test() {
      if (!comm_) return true;
      auto m = comm_->try_recv_bytes(source_, tag_);
      if (!m) return false;
      comm_ = nullptr;
      copy_exact(m->data, buffer_);
      return true;
    }
    bool done() const noexcept { return comm_ == nullptr; }

   private:
    friend class Comm;
    Request(Comm* c, std::span<std::byte> b, int source, int tag)
        : comm_(c), buffer_(b), source_(source), tag_(tag) {}
    void finish_quietly() noexcept {
      try {
        wait();
      } catch (...) {  // the team failed: whoever waits on the team hears why
      }
    }
    Comm* comm_ = nullptr;
    std::span<std::byte> buffer_;
    int source_ = 0, tag_ = 0;
  };

  template <TriviallySerializable T>
  Request isend(std::span<const T> buffer, int dest, int tag = 0) {
    if (dest != proc_null) send(buffer, dest, tag);
    return {};
  }
  template <TriviallySerializable T>
  Request irecv(std::span<T> buffer, int source, int tag = 0) {
    check_user_tag(tag);
    if (source == proc_null) return {};
    return Request(this, std::as_writable_bytes(buffer), source, tag);
  }
  // Waits for every request (MPI_Waitall).
  static void wait_all(std::span<Request> requests) {
    for (auto& r : requests) r.wait();
  }

  // Sends to dest and receives from source in one call (MPI_Sendrecv, mpi4py's sendrecv): the
  // halo exchange. Safe in any order between ranks, because no parkit send waits for its
  // receiver's recv. proc_null on either side skips it (the edge of a domain).
  template <TriviallySerializable T>
  void sendrecv(std::span<const T> out, int dest, std::span<T> in, int source, int tag = 0) {
    if (dest != proc_null) send(out, dest, tag);
    if (source != proc_null) recv(in, source, tag);
  }
  template <Serializable T>
  std::optional<T> sendrecv(const T& value, int dest, int source, int tag = 0) {
    if (dest != proc_null) send(value, dest, tag);
    if (source == proc_null) return std::nullopt;
    return recv<T>(source, tag);
  }

  // The message from source with tag if one has arrived (mpi4py's iprobe + recv); never blocks.
  template <Serializable T>
  std::optional<T> try_recv(int source = any_source, int tag = 0, int* source_out = nullptr) {
    auto m = try_recv_bytes(source, tag);
    if (!m) return std::nullopt;
    if (source_out) *source_out = m->source;
    return from_bytes<T>(m->data);
  }

  // ---- collectives --------------------------------------------------------------------------
  template <Serializable T>
  void bcast(T& value, int root = 0) {
    Bytes b;
    if (rank() == root) b = to_bytes(value);
    bcast_bytes(b, root);
    if (rank() != root) value = from_bytes<T>(b);
  }
  template <TriviallySerializable T>
  void bcast(std::span<T> buffer, int root = 0) {
    Bytes b;
    if (rank() == root) b.assign(std::as_bytes(buffer).begin(), std::as_bytes(buffer).end());
    bcast_bytes(b, root);
    if (rank() != root) copy_exact(b, std::as_writable_bytes(buffer));
  }

  // Object form: root passes one value per rank; each rank returns its own.
  template <Serializable T>
  T scatter(const std::vector<T>& values, int root = 0) {
    std::vector<Bytes> parts;
    if (rank() == root) {
      if (values.size() != static_cast<std::size_t>(size()))
        throw UsageError("scatter: root must pass exactly one value per rank");
      for (const auto& v : values) parts.push_back(to_bytes(v));
    }
    return from_bytes<T>(scatter_bytes(parts, root));
  }
  // Buffer form: `all` (read on root) holds size() equal blocks of mine.size() elements.
  template <TriviallySerializable T>
  void scatter(std::span<const T> all, std::span<T> mine, int root = 0) {
    std::vector<Bytes> parts;
    if (rank() == root) {
      if (all.size() != mine.size() * static_cast<std::size_t>(size()))
        throw UsageError("scatter: send buffer must hold size() blocks of the receive size");
      auto b = std::as_bytes(all);
      std::size_t block = mine.size_bytes();
      for (int r = 0; r < size(); ++r)
        parts.emplace_back(b.begin() + r * block, b.begin() + (r + 1) * block);
    }
    copy_exact(scatter_bytes(parts, root), std::as_writable_bytes(mine));
  }

  // Object form: root gets every rank's value in rank order; others get an empty vector.
  template <Serializable T>
  std::vector<T> gather(const T& value, int root = 0) {
    std::vector<Bytes> parts;
    if constexpr (TriviallySerializable<T>)
      parts = gather_bytes(std::as_bytes(std::span<const T>(&value, 1)), root);
    else
      parts = gather_bytes(to_bytes(value), root);
    std::vector<T> out;
    out.reserve(parts.size());
    for (const auto& p : parts) out.push_back(from_bytes<T>(p));
    return out;
  }
  // Buffer form: `all` (written on root) receives size() blocks of mine.size() elements.
  template <TriviallySerializable T>
  void gather(std::span<const T> mine, std::span<T> all, int root = 0) {
    auto parts = gather_bytes(std::as_bytes(mine), root);
    if (rank() != root) return;
    if (all.size() != mine.size() * static_cast<std::size_t>(size()))
      throw UsageError("gather: receive buffer must hold size() blocks of the send size");
    auto out = std::as_writable_bytes(all);
    for (std::size_t r = 0; r < parts.size(); ++r)
      copy_exact(parts[r], out.subspan(r * mine.size_bytes(), mine.size_bytes()));
  }

  // Combines every rank's value with op, always in rank order (so floating-point results do not
  // depend on timing). The result is on root only, like mpi4py's reduce returning None elsewhere.
  template <Serializable T, class Op>
  std::optional<T> reduce(const T& value, Op op, int root = 0) {
    auto all = gather(value, root);
    if (rank() != root) return std::nullopt;
    T acc = all[0];
    for (std::size_t r = 1; r < all.size(); ++r) acc = op(acc, all[r]);
    return acc;
  }
  template <Serializable T, class Op>
  T allreduce(const T& value, Op op) {
    std::optional<T> r = reduce(value, op, 0);
    T out = r ? *r : T{};
    bcast(out, 0);
    return out;
  }
  // Buffer forms: element-wise over equal-length arrays.
  template <TriviallySerializable T, class Op>
  void reduce(std::span<const T> in, std::span<T> out, Op op, int root = 0) {
    std::vector<T> all(rank() == root ? in.size() * size() : 0);
    gather(in, std::span<T>(all), root);
    if (rank() != root) return;
    if (out.size() != in.size()) throw UsageError("reduce: buffers differ in length");
    for (std::size_t i = 0; i < in.size(); ++i) {
      T acc = all[i];
      for (int r = 1; r < size(); ++r) acc = op(acc, all[r * in.size() + i]);
      out[i] = acc;
    }
  }
  template <TriviallySerializable T, class Op>
  void allreduce(std::span<const T> in, std::span<T> out, Op op) {
    reduce(in, out, op, 0);
    bcast(out, 0);
  }
  // In place (mpi4py's Allreduce(MPI.IN_PLACE, buf)): every rank's buf becomes the combination.
  template <TriviallySerializable T, class Op>
  void allreduce(std::span<T> buf, Op op) {
    allreduce(std::span<const T>(buf), buf, op);  // reduce gathers buf before writing it
  }

 protected:
  // ---- transport hooks (the byte layer): transports implement them; the patterns reach them
  // through detail::CommAccess, users through the typed operations above.
  // Tags below 0 are parkit's (detail/reserved_tags.hpp); user tags are >= 0.
  virtual void send_bytes(std::span<const std::byte> data, int dest, int tag) = 0;
  // source may be any_source, tag may be any_tag. Blocks until a matching message arrives;
  // messages from one source with one tag arrive in the order they were sent.
  virtual Message recv_bytes(int source, int tag) = 0;
  virtual std::optional<Message> try_recv_bytes(int source, int tag) = 0;
  // Receives into a caller's buffer whose size must equal the message's.
  virtual void recv_bytes_into(std::span<std::byte> out, int source, int tag);

  virtual void bcast_bytes(Bytes& data, int root);
  // On root: every rank's bytes, in rank order. Elsewhere: empty.
  virtual std::vector<Bytes> gather_bytes(std::span<const std::byte> mine, int root);
  // parts is read on root only (one per rank); every rank gets its own part.
  virtual Bytes scatter_bytes(const std::vector<Bytes>& parts, int root);

  // The scheduling word behind dynamic scheduling (detail/dynamic_round.hpp), separate from the
  // user's counter.
  virtual std::int64_t sched_load() = 0;
  virtual bool sched_cas(std::int64_t& expected, std::int64_t desired) = 0;

  // Records which task this rank is running (-1: none), so a crash can name it.
  virtual void hold_task(std::int64_t /*task*/) noexcept {}

  static void check_user_tag(int tag);
  // UsageError unless peer is a rank of this team (`what` names the operation).
  void check_peer(int peer, const char* what) const;

 private:
  friend struct detail::CommAccess;
  std::uint16_t sched_round_ = 0;  // dynamic scheduling rounds opened by this rank

 protected:
  // CommError unless a received message's size equals the caller's buffer.
  static void check_received(std::size_t got, std::size_t buffer);
  static void copy_exact(std::span<const std::byte> from, std::span<std::byte> to);
};

}  // namespace parkit
