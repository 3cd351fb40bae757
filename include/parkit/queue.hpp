// multiprocessing.Queue: many producers and many consumers, in any processes forked after the
// queue was made (and any threads). Each item is one datagram on a Unix SOCK_SEQPACKET socket
// pair, so the kernel hands every item to exactly one consumer, whole: nothing is lost, split or
// duplicated, with no lock of ours. put blocks while the queue is full (the socket buffer, about
// capacity_bytes), like a bounded queue.
//
//   parkit::Queue<int> q;
//   parkit::Process producer([&] { for (int i = 0; i < 100; ++i) q.put(i); });
//   producer.start();
//   for (int i = 0; i < 100; ++i) total += q.get();
//
// An item's encoding may be at most max_item bytes (default 64 KiB; put throws Error beyond).
#pragma once

#include <chrono>
#include <optional>

#include "parkit/serialization.hpp"

namespace parkit {

namespace detail {
class QueueBase {
 public:
  QueueBase(std::size_t max_item, std::size_t capacity_bytes);
  ~QueueBase();
  QueueBase(const QueueBase&) = delete;
  QueueBase& operator=(const QueueBase&) = delete;
  void put_bytes(std::span<const std::byte> item);
  // nullopt on timeout; PipeClosed when every producer's end is closed and nothing is left.
  std::optional<Bytes> get_bytes(std::optional<std::chrono::milliseconds> timeout);
  void close() noexcept;

 private:
  int in_ = -1, out_ = -1;  // producers write in_, consumers read out_
  std::size_t max_item_;
};
}  // namespace detail

template <Serializable T>
class Queue : detail::QueueBase {
 public:
  explicit Queue(std::size_t max_item = 64 << 10, std::size_t capacity_bytes = 1 << 20)
      : QueueBase(max_item, capacity_bytes) {}
  void put(const T& item) { put_bytes(to_bytes(item)); }
  // Blocks until an item arrives.
  T get() { return decode(*get_bytes(std::nullopt)); }
  // nullopt if nothing arrived within `timeout` (Python's queue.Empty).
  std::optional<T> get(std::chrono::milliseconds timeout) {
    auto b = get_bytes(timeout);
    if (!b) return std::nullopt;
    return decode(*b);
  }
  // This process puts and gets no more (Python's close()); when every process that could put
  // has closed (or ended), get throws PipeClosed once the queue is empty.
  using QueueBase::close;

 private:
  static T decode(const Bytes& b) { return from_bytes<T>(b); }
};

}  // namespace parkit
