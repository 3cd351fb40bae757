// What the controller, the engines and the clients say to each other (issue 14; decision 0012):
// the kinds of message and their bodies, cereal bytes inside a signed message (wire.hpp).
//
//   engine -> controller:  hello EngineHello; result Outcome; beat (its task socket's id)
//   controller -> engine:  welcome Welcome; task Task; exit
//   client -> controller:  hello; submit Submit; cancel (a client id); status; stop
//   controller -> client:  welcome Welcome; result Outcome; status Status; stopped
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parkit/cluster.hpp"
#include "parkit/serialization.hpp"

namespace parkit::cluster::proto {

struct EngineHello {
  int index = -1;      // the index the controller gave it on its command line, or -1
  bool owned = false;  // started by the controller (it watches the process, not heartbeats)
  int pid = 0;
  std::string host;
  int mpi_rank = -1;
  int mpi_size = 0;
  std::string beat_id;  // the id its heartbeat socket signs with
  std::vector<std::string> tasks;
  template <class A>
  void serialize(A& ar) {
    ar(index, owned, pid, host, mpi_rank, mpi_size, beat_id, tasks);
  }
};

struct Welcome {
  int index = -1;  // an engine's index; for a client, the number of engines
  template <class A>
  void serialize(A& ar) {
    ar(index);
  }
};

// A call as it goes to an engine, with the controller's number for it.
struct Task {
  std::uint64_t id = 0;
  Call call;
  int width = 1;  // engines that got this call in the same submit (1: load-balanced)
  template <class A>
  void serialize(A& ar) {
    ar(id, call, width);
  }
};

struct Submit {
  std::uint64_t no = 0;  // the client's number for it
  Call call;
  std::vector<int> targets;  // engines; empty: any idle one (load-balanced)
  int retries = 0;           // load-balanced: run again elsewhere if its engine dies
  template <class A>
  void serialize(A& ar) {
    ar(no, call, targets, retries);
  }
};

enum class Status : int { ok = 0, error = 1, usage = 2, crashed = 3, stopped = 4 };

template <class T>
std::string encode(const T& value) {
  Bytes b = to_bytes(value);
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

// CommError naming `what` when the bytes are not a T.
template <class T>
T decode(std::string_view bytes, std::string_view what) {
  try {
    return from_bytes<T>(std::span(reinterpret_cast<const std::byte*>(bytes.data()), bytes.size()));
  } catch (const Error& e) {
    throw CommError(std::string("malformed ") + std::string(what) + ": " + e.what());
  }
}

}  // namespace parkit::cluster::proto
