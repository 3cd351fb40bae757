#include "cluster/link.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstring>

#include "parkit/errors.hpp"

namespace parkit::cluster::detail {

namespace {

void common_options(zmq::socket_t& s) {
  s.set(zmq::sockopt::linger, 0);  // closing never waits for a peer that is gone
  s.set(zmq::sockopt::maxmsgsize, kMaxMessageBytes);
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

zmq::context_t& context() {
  static zmq::context_t ctx(1);
  return ctx;
}

std::vector<std::string> receive_frames(zmq::socket_t& s) {
  std::vector<std::string> frames;
  while (true) {
    zmq::message_t part;
    if (!s.recv(part, zmq::recv_flags::dontwait)) break;
    if (frames.size() < 8) frames.emplace_back(part.to_string());
    if (!part.more()) break;
  }
  return frames;
}

namespace {
void send_all(zmq::socket_t& s, const std::vector<std::string>& frames) {
  for (std::size_t i = 0; i < frames.size(); ++i)
    s.send(zmq::buffer(frames[i]),
           i + 1 < frames.size() ? zmq::send_flags::sndmore : zmq::send_flags::none);
}
}  // namespace

Link::Link(const Connection& c, const std::string& endpoint, Log log, std::string id)
    : conn_(c),
      endpoint_(endpoint),
      log_(std::move(log)),
      sealer_(c.key, std::move(id)),
      opener_(c.key),
      sock_(context(), zmq::socket_type::dealer),
      monitor_(context(), zmq::socket_type::pair) {
  common_options(sock_);
  sock_.set(zmq::sockopt::routing_id, sealer_.id());
  const std::string mon = "inproc://parkit-monitor-" + sealer_.id();
  if (zmq_socket_monitor(sock_.handle(), mon.c_str(),
                         ZMQ_EVENT_CONNECTED | ZMQ_EVENT_DISCONNECTED) != 0)
    throw CommError(fmt::format("cannot watch the connection: {}", zmq_strerror(zmq_errno())));
  monitor_.connect(mon);
  sock_.connect(endpoint_);
}

Link::~Link() { zmq_socket_monitor(sock_.handle(), nullptr, 0); }

void Link::send(std::string_view kind, std::string body) {
  send_all(sock_, sealer_.seal(kind, std::move(body)));
}

void Link::drain_monitor() {
  while (true) {
    auto frames = receive_frames(monitor_);
    if (frames.empty()) return;
    if (frames[0].size() < 2) continue;
    std::uint16_t event = 0;
    std::memcpy(&event, frames[0].data(), sizeof event);
    if (event == ZMQ_EVENT_CONNECTED) connected_ = true;
    if (event == ZMQ_EVENT_DISCONNECTED && connected_) lost_ = true;
  }
}

bool Link::lost() {
  drain_monitor();
  return lost_;
}

std::optional<Message> Link::receive(int timeout_ms) {
  const std::int64_t deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
  while (true) {
    drain_monitor();
    // A message that came before the connection dropped is still delivered first.
    zmq::pollitem_t items[] = {{sock_.handle(), 0, ZMQ_POLLIN, 0},
                               {monitor_.handle(), 0, ZMQ_POLLIN, 0}};
    auto frames = receive_frames(sock_);
    if (!frames.empty()) {
      auto opened = opener_.open(frames);
      if (auto* m = std::get_if<Message>(&opened)) return std::move(*m);
      if (log_)
        log_(
            fmt::format("refused a message from {}: {}", endpoint_, std::get<std::string>(opened)));
      continue;
    }
    if (lost_)
      throw CommError(fmt::format("the controller of cluster '{}' is gone (pid {}, {})",
                                  conn_.profile, conn_.controller, endpoint_));
    long wait = deadline < 0 ? -1 : deadline - now_ms();
    if (deadline >= 0 && wait <= 0) return std::nullopt;
    zmq::poll(items, 2, std::chrono::milliseconds(wait));
  }
}

Router::Router(const Key& key, const std::string& address, std::string what, Log log)
    : sealer_(key),
      opener_(key),
      sock_(context(), zmq::socket_type::router),
      what_(std::move(what)),
      log_(std::move(log)) {
  common_options(sock_);
  sock_.bind("tcp://" + address + ":*");
  endpoint_ = sock_.get(zmq::sockopt::last_endpoint);
}

void Router::send(const std::string& to, std::string_view kind, std::string body) {
  auto frames = sealer_.seal(kind, std::move(body));
  sock_.send(zmq::buffer(to), zmq::send_flags::sndmore);
  send_all(sock_, frames);
}

std::optional<Message> Router::receive() {
  auto frames = receive_frames(sock_);
  if (frames.empty()) return std::nullopt;
  std::string from = frames[0];
  frames.erase(frames.begin());
  auto opened = opener_.open(frames);
  std::string why;
  if (auto* m = std::get_if<Message>(&opened)) {
    if (m->sender == from) return std::move(*m);
    why = "its id is not the connection's";
  } else {
    why = std::get<std::string>(opened);
  }
  if (!log_) return std::nullopt;
  const std::int64_t now = now_ms();
  if (now - window_start_ms_ >= 1000) {
    if (unlogged_ > 0)
      log_(fmt::format("refused {} more messages on the {} socket", unlogged_, what_));
    window_start_ms_ = now;
    logged_in_window_ = 0;
    unlogged_ = 0;
  }
  if (logged_in_window_ < 20) {
    ++logged_in_window_;
    log_(fmt::format("refused a message on the {} socket: {}", what_, why));
  } else {
    ++unlogged_;
  }
  return std::nullopt;
}

}  // namespace parkit::cluster::detail
