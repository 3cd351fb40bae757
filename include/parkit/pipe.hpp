// multiprocessing.Pipe: two connected ends, each able to send and receive typed values. Make the
// pipe before forking (a Process), and let each side close the end it does not use: then, when
// one side closes its end or dies, the other's recv throws PipeClosed at once instead of waiting.
//
//   auto [mine, theirs] = parkit::make_pipe();
//   parkit::Process p([&] { mine.close(); theirs.send(theirs.recv<std::string>() + "X"); });
//   p.start();
//   theirs.close();
//   mine.send(std::string("fred"));
//   auto reply = mine.recv<std::string>();  // "fredX"
//
// Values cross as parkit's serialization encodes them (trivially copyable types and vectors of
// them as raw bytes, others through cereal); one send is one message, whatever its size.
#pragma once

#include <chrono>
#include <span>

#include "parkit/serialization.hpp"

namespace parkit {

class PipeEnd {
 public:
  PipeEnd() = default;
  explicit PipeEnd(int fd) noexcept : fd_(fd) {}
  ~PipeEnd() { close(); }
  PipeEnd(PipeEnd&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  PipeEnd& operator=(PipeEnd&& o) noexcept;
  PipeEnd(const PipeEnd&) = delete;
  PipeEnd& operator=(const PipeEnd&) = delete;

  template <Serializable T>
  void send(const T& value) {
    send_bytes(to_bytes(value));
  }
  // Throws PipeClosed when the other end is closed (or its process died) and nothing is left.
  template <Serializable T>
  T recv() {
    Bytes b = recv_bytes();
    T value{};
    if (read_bytes(b, value) != b.size())
      throw CommError("a pipe message is longer than the type received");
    return value;
  }
  void send_bytes(std::span<const std::byte> payload);
  Bytes recv_bytes();
  // True when a message (or the end of the pipe) is waiting; waits up to `timeout`.
  bool poll(std::chrono::milliseconds timeout = std::chrono::milliseconds(0)) const;
  void close() noexcept;
  bool closed() const noexcept { return fd_ < 0; }
  int fd() const noexcept { return fd_; }

 private:
  int fd_ = -1;
};

// A duplex pipe (a Unix socketpair). Throws Error if the system has no descriptors left.
std::pair<PipeEnd, PipeEnd> make_pipe();

}  // namespace parkit
