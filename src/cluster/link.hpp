// The cluster's sockets (issue 14; decision 0012): ZeroMQ DEALERs in engines and clients, a
// ROUTER at the controller for each, every message sealed and opened with the cluster's key
// (wire.hpp). What fails to open is reported to a log and otherwise ignored: never acted on.
#pragma once

#include <zmq.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parkit/cluster/connection.hpp"
#include "parkit/cluster/wire.hpp"

namespace parkit::cluster::detail {

using Log = std::function<void(const std::string&)>;

// The process's ZeroMQ context (its I/O thread starts on first use).
zmq::context_t& context();

// The largest message a socket accepts before anyone has proven they hold the key: a stranger
// on the port cannot make us buffer more.
inline constexpr std::int64_t kMaxMessageBytes = std::int64_t{1} << 30;

// A signed DEALER connected to one of a controller's sockets, watching that connection: once it
// is lost (the controller ended), receive() says so instead of waiting for ever.
class Link {
 public:
  Link(const Connection& c, const std::string& endpoint, Log log, std::string id = random_id());
  ~Link();
  Link(const Link&) = delete;
  Link& operator=(const Link&) = delete;

  const std::string& id() const noexcept { return sealer_.id(); }
  void send(std::string_view kind, std::string body);
  // The next message, or nullopt once `timeout_ms` passed (-1: no limit). CommError when the
  // controller is gone (the connection was lost, or the controller's process ended).
  std::optional<Message> receive(int timeout_ms);
  // Whether the connection to the controller is up (polls the monitor without waiting).
  bool lost();

 private:
  void drain_monitor();
  Connection conn_;
  std::string endpoint_;
  Log log_;
  Sealer sealer_;
  Opener opener_;
  zmq::socket_t sock_;
  zmq::socket_t monitor_;
  bool connected_ = false;
  bool lost_ = false;
};

// A signed ROUTER the controller binds: who sent what, and replies by their id.
class Router {
 public:
  // `address`: an IPv4 address to listen on; the port is the kernel's choice.
  Router(const Key& key, const std::string& address, std::string what, Log log);
  const std::string& endpoint() const noexcept { return endpoint_; }
  zmq::socket_t& socket() noexcept { return sock_; }
  void send(const std::string& to, std::string_view kind, std::string body);
  // One message waiting on the socket, opened (nullopt: refused and logged, or none waiting).
  // The sender's routing id is its signed id: a message whose two differ is refused.
  std::optional<Message> receive();

 private:
  Sealer sealer_;
  Opener opener_;
  zmq::socket_t sock_;
  std::string endpoint_;
  std::string what_;
  Log log_;
  // Refusals are logged 20 a second at most (a stranger on the port cannot fill the disk), then
  // counted: "N more refused".
  std::int64_t window_start_ms_ = 0;
  int logged_in_window_ = 0;
  std::uint64_t unlogged_ = 0;
};

// The frames of one message waiting on `s` (at most 8 kept; the rest read and dropped).
std::vector<std::string> receive_frames(zmq::socket_t& s);

}  // namespace parkit::cluster::detail
