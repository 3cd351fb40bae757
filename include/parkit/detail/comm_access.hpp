// The patterns' narrow way into a Comm's transport hooks (the byte layer and the scheduling
// word), which users do not call: they are protected in Comm, and this is their one friend.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "parkit/comm.hpp"

namespace parkit::detail {

struct CommAccess {
  static void send_bytes(Comm& c, std::span<const std::byte> data, int dest, int tag) {
    c.send_bytes(data, dest, tag);
  }
  static Message recv_bytes(Comm& c, int source, int tag) { return c.recv_bytes(source, tag); }
  static std::optional<Message> try_recv_bytes(Comm& c, int source, int tag) {
    return c.try_recv_bytes(source, tag);
  }
  static std::int64_t sched_load(Comm& c) { return c.sched_load(); }
  static bool sched_cas(Comm& c, std::int64_t& expected, std::int64_t desired) {
    return c.sched_cas(expected, desired);
  }
  // A new round number of this rank's dynamic scheduling (every rank counts the same rounds).
  static std::uint16_t next_sched_round(Comm& c) { return ++c.sched_round_; }
  static void hold_task(Comm& c, std::int64_t task) noexcept { c.hold_task(task); }
};

}  // namespace parkit::detail
