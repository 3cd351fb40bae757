// A cluster's client (cluster.hpp): submits calls to the controller and collects their outcomes,
// and Cluster, which connects to one or runs its own.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <future>
#include <map>
#include <thread>

#include "cluster/link.hpp"
#include "cluster/protocol.hpp"
#include "parkit/cluster.hpp"
#include "parkit/cluster/controller.hpp"
#include "parkit/files.hpp"
#include "parkit/interrupt.hpp"
#include "parkit/program.hpp"

namespace parkit {

namespace cluster {

namespace {

using detail::Link;

constexpr int kAnswerTimeoutMs = 10'000;  // for the controller to answer a hello or a status

void log_refused(const std::string& s) { fmt::print(stderr, "parkit cluster client: {}\n", s); }

bool is_loopback(const std::string& endpoint) { return endpoint.rfind("tcp://127.", 0) == 0; }

// Tells the controller this client is going: its calls not yet started are dropped. Sent from
// a socket of its own (the client's may be in use on another thread), and waits a moment for
// the controller's word, so the message is out before the process ends.
void send_cancel(const Connection& c, const std::string& client_id) {
  Link bye(c, c.clients, nullptr);
  bye.send("cancel", client_id);
  try {
    bye.receive(500);
  } catch (const Error&) {
  }
}

}  // namespace

struct Client::State {
  Connection conn;
  Link link;
  std::uint64_t next_no = 0;
  struct Pending {
    std::vector<int> targets;
    std::size_t expected = 1;
    std::vector<Outcome> got;
  };
  std::map<std::uint64_t, Pending> pending;
  std::map<std::string, std::vector<Message>> replies;  // other answers, by kind
  CalledOnInterrupt cancel_on_interrupt;

  explicit State(const Connection& c)
      : conn(c),
        link(c, c.clients, log_refused),
        cancel_on_interrupt([conn = c, id = link.id()] { send_cancel(conn, id); }) {}

  // Waits for one message (at most `timeout_ms`) and files it. CommError when the controller
  // is gone.
  void pump(int timeout_ms) {
    auto m = link.receive(timeout_ms);
    if (!m) {
      if (is_loopback(conn.clients) && !controller_alive(conn))
        throw CommError(fmt::format("the controller of cluster '{}' is gone (pid {})", conn.profile,
                                    conn.controller));
      return;
    }
    if (m->kind == "result") {
      auto o = proto::decode<Outcome>(m->body, "result");
      auto p = pending.find(o.id);
      if (p != pending.end()) p->second.got.push_back(std::move(o));
      return;
    }
    replies[m->kind].push_back(std::move(*m));
  }

  // The next answer of `kind`, waiting at most kAnswerTimeoutMs.
  Message answer(const std::string& kind) {
    using Clock = std::chrono::steady_clock;
    const auto end = Clock::now() + std::chrono::milliseconds(kAnswerTimeoutMs);
    while (replies[kind].empty()) {
      if (Clock::now() > end)
        throw CommError(
            fmt::format("no answer from the controller of cluster '{}' at {} within {} s",
                        conn.profile, conn.clients, kAnswerTimeoutMs / 1000));
      pump(200);
    }
    Message m = std::move(replies[kind].front());
    replies[kind].erase(replies[kind].begin());
    return m;
  }
};

Client::Client(const Connection& c) : s_(std::make_unique<State>(c)) {
  if (is_loopback(c.clients) && !controller_alive(c))
    throw UsageError(fmt::format(
        "cluster '{}' is not running: its controller (pid {}) is gone, the connection file {} is "
        "stale (cluster start replaces it)",
        c.profile, c.controller, c.file.empty() ? "" : c.file));
  s_->link.send("hello", "");
  s_->answer("welcome");
}

Client::~Client() = default;

const Connection& Client::connection() const noexcept { return s_->conn; }

std::uint64_t Client::submit(Call call, std::vector<int> targets, int retries) {
  std::uint64_t no = ++s_->next_no;
  proto::Submit sub{no, std::move(call), targets, retries};
  s_->link.send("submit", proto::encode(sub));
  State::Pending p;
  p.expected = targets.empty() ? 1 : targets.size();
  p.targets = std::move(targets);
  s_->pending.emplace(no, std::move(p));
  return no;
}

bool Client::ready(std::uint64_t no) {
  auto p = s_->pending.find(no);
  if (p == s_->pending.end()) throw UsageError("this call's result was already taken");
  while (p->second.got.size() < p->second.expected) {
    auto before = p->second.got.size();
    s_->pump(0);
    if (p->second.got.size() == before) return false;
  }
  return true;
}

std::vector<Outcome> Client::wait(std::uint64_t no) {
  auto p = s_->pending.find(no);
  if (p == s_->pending.end()) throw UsageError("this call's result was already taken");
  while (p->second.got.size() < p->second.expected) s_->pump(200);
  auto got = std::move(p->second.got);
  auto targets = std::move(p->second.targets);
  s_->pending.erase(p);
  if (!targets.empty()) {
    // In target order (an engine named twice answers twice: stable by arrival).
    std::stable_sort(got.begin(), got.end(), [&](const Outcome& a, const Outcome& b) {
      auto pos = [&](int e) {
        return std::find(targets.begin(), targets.end(), e) - targets.begin();
      };
      return pos(a.engine) < pos(b.engine);
    });
  }
  return got;
}

void Client::raise_if_failed(const Outcome& o, const std::string& task,
                             std::optional<std::size_t> index) {
  switch (o.status) {
    case 0:
      return;
    case 2:
      throw UsageError(o.text);
    case 3:
      if (o.pid > 0) throw WorkerCrashed(o.engine, o.pid, o.signal, o.exit_code, index, "engine");
      throw CommError(o.text);
    case 4:
      throw CommError(o.text);
    default:
      throw TaskError(index, o.engine, fmt::format("{}: {}", task, o.text), "engine");
  }
}

ClusterStatus Client::status() {
  s_->link.send("status", "");
  return proto::decode<ClusterStatus>(s_->answer("status").body, "status");
}

std::vector<int> Client::engine_ids() {
  std::vector<int> ids;
  for (const auto& e : status().engines)
    if (e.alive) ids.push_back(e.index);
  return ids;
}

void Client::stop() {
  s_->link.send("stop", "");
  // The controller answers once every engine has ended (3 s at most); then it leaves.
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (s_->replies["stopped"].empty()) {
    if (std::chrono::steady_clock::now() > end)
      throw CommError(
          fmt::format("cluster '{}': the controller did not stop within 10 s", s_->conn.profile));
    try {
      s_->pump(200);
    } catch (const CommError&) {
      return;  // gone before its word reached us: stopped all the same
    }
  }
}

std::vector<detail::Piece> detail::chunk_pieces(std::size_t n, std::size_t chunksize) {
  if (chunksize == 0) throw UsageError("map: chunksize must be at least 1");
  std::vector<Piece> pieces;
  pieces.reserve(chunk_count(n, chunksize));
  for (std::size_t b = 0; b < n; b += chunksize)
    pieces.push_back({{b, std::min(n, b + chunksize)}, -1});
  return pieces;
}

std::vector<std::string> detail::map_calls(Client& c, const Call& task,
                                           const std::vector<std::string>& args,
                                           const std::vector<Piece>& pieces, int retries) {
  std::vector<std::uint64_t> nos;
  nos.reserve(pieces.size());
  for (const auto& p : pieces) {
    Call call = task;
    call.args.assign(args.begin() + static_cast<std::ptrdiff_t>(p.calls.begin),
                     args.begin() + static_cast<std::ptrdiff_t>(p.calls.end));
    nos.push_back(c.submit(
        std::move(call), p.target < 0 ? std::vector<int>{} : std::vector<int>{p.target}, retries));
  }
  std::vector<std::string> out;
  out.reserve(args.size());
  for (std::size_t k = 0; k < nos.size(); ++k)
    for (auto& o : c.wait(nos[k])) {
      Client::raise_if_failed(o, task.task, pieces[k].calls.begin);
      for (auto& r : o.results) out.push_back(std::move(r));
    }
  return out;
}

}  // namespace cluster

std::vector<std::string> LoadBalancedView::map_text(const std::string& task,
                                                    const std::vector<std::string>& items,
                                                    std::size_t chunksize) {
  return cluster::detail::map_calls(*c_, cluster::Call{task, "", {}, true}, items,
                                    cluster::detail::chunk_pieces(items.size(), chunksize),
                                    retries_);
}

// --- Cluster ----------------------------------------------------------------------------------

struct Cluster::Owned {
  std::unique_ptr<cluster::Controller> controller;
  std::thread thread;
  TempDir folder{"parkit-cluster"};
};

Cluster::Cluster(std::shared_ptr<cluster::Client> c, std::unique_ptr<Owned> owned)
    : client_(std::move(c)), owned_(std::move(owned)) {}
Cluster::Cluster(Cluster&&) noexcept = default;
Cluster& Cluster::operator=(Cluster&&) noexcept = default;

Cluster::~Cluster() {
  if (!owned_) return;
  try {
    stop();
  } catch (...) {  // a destructor does not throw; the controller stops on its own below
    owned_->controller->request_stop();
  }
  if (owned_->thread.joinable()) owned_->thread.join();
}

void Cluster::stop() {
  client_->stop();
  if (owned_ && owned_->thread.joinable()) owned_->thread.join();
}

Cluster Cluster::connect(const std::string& profile) {
  return connect_file(cluster::connection_path(profile));
}

Cluster Cluster::connect_file(const std::string& path) {
  return Cluster(std::make_shared<cluster::Client>(cluster::read_connection(path)), nullptr);
}

Cluster Cluster::start(const Options& options) {
  if (options.n < 1 || options.n > 1024) throw UsageError("cluster: n must be 1 to 1024");
  if (options.engines != "processes" && options.engines != "mpi")
    throw UsageError(
        fmt::format("cluster: engines '{}' (processes or mpi expected)", options.engines));
  auto owned = std::make_unique<Owned>();
  cluster::ControllerOptions o;
  o.profile = options.profile.empty() ? "own-" + std::to_string(::getpid()) : options.profile;
  o.path = options.profile.empty() ? owned->folder.path() + "/cluster.json"
                                   : cluster::connection_path(options.profile);
  if (!options.ip.empty()) o.ip = options.ip;
  o.n = options.n;
  o.kind = options.engines;
  o.engine_argv = {options.engine_binary.empty() ? this_program() : options.engine_binary,
                   "engine"};
  o.log = [](const std::string& s) {
    for (const char* worth : {"refused", "is gone", "failed"})
      if (s.find(worth) != std::string::npos) {
        fmt::print(stderr, "parkit cluster: {}\n", s);
        return;
      }
  };
  owned->controller = std::make_unique<cluster::Controller>(std::move(o));
  std::promise<std::string> ready;
  auto said = ready.get_future();
  owned->thread = std::thread([c = owned->controller.get(), &ready] {
    c->run([&ready](const std::string& why) { ready.set_value(why); });
  });
  std::string why = said.get();
  if (!why.empty()) {
    owned->thread.join();
    throw Error("cluster: " + why);
  }
  auto client = std::make_shared<cluster::Client>(owned->controller->connection());
  return Cluster(std::move(client), std::move(owned));
}

}  // namespace parkit
