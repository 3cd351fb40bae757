#include "parkit/cluster/controller.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <deque>
#include <map>
#include <optional>
#include <set>

#include "cluster/link.hpp"
#include "cluster/protocol.hpp"
#include "core/sys.hpp"
#include "parkit/errors.hpp"
#include "parkit/interrupt.hpp"
#include "parkit/program.hpp"

extern char** environ;

namespace parkit::cluster {

namespace {

constexpr std::size_t kPrefetch = 8;              // load-balanced calls an engine holds at once
constexpr std::int64_t kBeatTimeoutMs = 1500;     // silence after which a remote engine is gone
constexpr std::int64_t kStartTimeoutMs = 60'000;  // for the engines to join

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string how_it_ended(bool exited, int code_or_signal) {
  if (exited) return fmt::format("exited with code {}", code_or_signal);
  const char* d = ::sigdescr_np(code_or_signal);
  return fmt::format("killed by signal {} ({})", code_or_signal, d ? d : "unknown signal");
}

// A program the controller started: an engine, or mpirun with all of them.
struct Child {
  pid_t pid = -1;
  sys::Fd pidfd;
  std::unique_ptr<StoppedOnInterrupt> stop_on_interrupt;
  bool mpirun = false;
  int index = -1;  // the engine it is (processes)
  bool ended = false;
};

// fork + exec with the signals unblocked, only fds 0-2 kept, and a signal when we die.
pid_t spawn(std::vector<std::string> argv, int death_signal) {
  std::vector<char*> args = argv_pointers(argv);
  const pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) throw Error(fmt::format("cannot start {}: {}", argv[0], sys::error_text(errno)));
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, death_signal);
    if (::getppid() != parent) ::_exit(1);
    sigset_t all;
    sigemptyset(&all);
    ::pthread_sigmask(SIG_SETMASK, &all, nullptr);
    ::close_range(3, ~0U, 0);
    ::execve(args[0], args.data(), environ);
    ::_exit(127);
  }
  return pid;
}

}  // namespace

struct Controller::State {
  ControllerOptions o;
  Connection conn;
  detail::Router engines_sock, clients_sock;
  sys::Fd stop_event;
  std::int64_t started_ms = now_ms();

  struct Engine {
    int index = -1;
    std::string id, beat_id, host;
    int pid = 0, mpi_rank = -1;
    bool owned = false, alive = true;
    std::string ended;  // how it ended
    std::int64_t last_beat = 0;
    std::set<std::uint64_t> held;
    std::uint64_t done = 0;
    std::set<std::string> tasks;
  };
  struct Task {
    std::string client;
    std::uint64_t no = 0;
    proto::Task task;
    bool balanced = false;
    int retries = 0, attempts = 0;
    int engine = -1;
    bool orphan = false;  // its client cancelled: run it out, drop the outcome
  };
  std::map<int, Engine> engines;
  std::map<std::string, int> by_id, by_beat;
  std::map<std::uint64_t, Task> tasks;
  std::deque<std::uint64_t> queue;
  std::uint64_t next_task = 1, done = 0;
  std::vector<Child> children;
  std::vector<std::string> stoppers;
  bool stopping = false;
  bool ready_said = false;
  std::function<void(const std::string&)> ready;

  explicit State(ControllerOptions opts, const Key& key)
      : o(std::move(opts)),
        engines_sock(key, o.ip, "engine", o.log),
        clients_sock(key, o.ip, "client", o.log),
        stop_event(sys::event_fd()) {
    conn.profile = o.profile;
    conn.key = key;
    conn.engines = engines_sock.endpoint();
    conn.clients = clients_sock.endpoint();
    conn.controller = ::getpid();
    conn.file = o.path;
  }

  void log(const std::string& s) const {
    if (o.log) o.log(s);
  }

  // A message's body as a T, or nothing (logged) when it is not one.
  template <class T>
  std::optional<T> body_of(const Message& m, std::string_view what) const {
    try {
      return proto::decode<T>(m.body, what);
    } catch (const CommError& e) {
      log(e.what());
      return std::nullopt;
    }
  }

  void say_ready(const std::string& why) {
    if (ready_said) return;
    ready_said = true;
    if (ready) ready(why);
  }

  int alive_engines() const {
    int n = 0;
    for (const auto& [i, e] : engines) n += e.alive ? 1 : 0;
    return n;
  }

  void launch() {
    if (o.n <= 0) return;
    const int death = SIGKILL;
    if (o.kind == "mpi") {
      std::vector<std::string> argv{find_on_path("mpirun"), "-np", std::to_string(o.n),
                                    "--oversubscribe"};
      for (const auto& a : o.engine_argv) argv.push_back(a);
      for (const auto& a : {std::string("--connection"), o.path, std::string("--owned")})
        argv.push_back(a);
      // mpirun, when we die, ends its ranks itself: SIGTERM, which it handles.
      Child c;
      c.pid = spawn(argv, SIGTERM);
      c.mpirun = true;
      children.push_back(std::move(c));
    } else {
      for (int k = 0; k < o.n; ++k) {
        std::vector<std::string> argv = o.engine_argv;
        for (const auto& a : {std::string("--connection"), o.path, std::string("--index"),
                              std::to_string(k), std::string("--owned")})
          argv.push_back(a);
        Child c;
        c.pid = spawn(argv, death);
        c.index = k;
        children.push_back(std::move(c));
      }
    }
    for (auto& c : children) {
      c.pidfd = sys::Fd(sys::pidfd_open(c.pid));
      c.stop_on_interrupt = std::make_unique<StoppedOnInterrupt>(c.pid);
    }
  }

  // --- engines -------------------------------------------------------------------------------

  void engine_hello(const Message& m) {
    auto h_body = body_of<proto::EngineHello>(m, "hello");
    if (!h_body) return;
    auto& h = *h_body;
    if (by_id.count(m.sender)) return;
    int index = h.index;
    if (index < 0 && h.owned && h.mpi_rank >= 0) index = h.mpi_rank;
    if (index < 0 || engines.count(index)) {
      index = std::max(o.n, engines.empty() ? 0 : engines.rbegin()->first + 1);
    }
    Engine e;
    e.index = index;
    e.id = m.sender;
    e.beat_id = h.beat_id;
    e.host = h.host;
    e.pid = h.pid;
    e.mpi_rank = h.mpi_rank;
    e.owned = h.owned;
    e.last_beat = now_ms();
    e.tasks.insert(h.tasks.begin(), h.tasks.end());
    by_id[e.id] = index;
    by_beat[e.beat_id] = index;
    engines[index] = std::move(e);
    engines_sock.send(m.sender, "welcome", proto::encode(proto::Welcome{index}));
    log(fmt::format("engine {} joined (pid {} on {})", index, h.pid, h.host));
    if (alive_engines() >= o.n) say_ready("");
    dispatch();
  }

  void engine_beat(const Message& m) {
    auto it = by_beat.find(m.sender);
    if (it == by_beat.end()) return;
    auto& e = engines[it->second];
    if (e.id == m.body) e.last_beat = now_ms();
  }

  void engine_result(const Message& m) {
    auto from = by_id.find(m.sender);
    if (from == by_id.end()) return;
    auto out_body = body_of<Outcome>(m, "result");
    if (!out_body) return;
    auto& out = *out_body;
    auto t = tasks.find(out.id);
    if (t == tasks.end() || t->second.engine != from->second) {
      log(fmt::format("engine {} answered a call it does not hold", from->second));
      return;
    }
    auto& e = engines[from->second];
    e.held.erase(out.id);
    if (out.status != static_cast<int>(proto::Status::stopped)) {  // dropped unrun: not done
      ++e.done;
      ++done;
    }
    out.engine = e.index;
    finish(t, std::move(out));
    dispatch();
  }

  void finish(std::map<std::uint64_t, Task>::iterator t, Outcome out) {
    out.id = t->second.no;
    if (!t->second.orphan) clients_sock.send(t->second.client, "result", proto::encode(out));
    tasks.erase(t);
  }

  void fail(std::map<std::uint64_t, Task>::iterator t, proto::Status status, std::string text,
            int engine = -1) {
    Outcome out;
    out.status = static_cast<int>(status);
    out.text = std::move(text);
    out.engine = engine;
    finish(t, std::move(out));
  }

  void engine_gone(Engine& e, bool exited, int code_or_signal, const std::string& how) {
    if (!e.alive) return;
    e.alive = false;
    e.ended = how;
    if (stopping)
      log(fmt::format("engine {} (pid {}) ended: {}", e.index, e.pid, how));
    else
      log(fmt::format("engine {} (pid {}) is gone: {}", e.index, e.pid, how));
    by_id.erase(e.id);
    by_beat.erase(e.beat_id);
    for (auto id : e.held) {
      auto t = tasks.find(id);
      if (t == tasks.end()) continue;
      auto& task = t->second;
      if (task.balanced && task.attempts <= task.retries && !stopping) {
        task.engine = -1;
        queue.push_front(id);
        log(fmt::format("call {} runs again elsewhere", id));
        continue;
      }
      Outcome out;
      out.status = static_cast<int>(proto::Status::crashed);
      out.engine = e.index;
      out.pid = e.pid;
      out.signal = exited ? 0 : code_or_signal;
      out.exit_code = exited ? code_or_signal : 0;
      out.text = fmt::format("engine {} (pid {} on {}) {} while running '{}'", e.index, e.pid,
                             e.host, how, task.task.call.task);
      finish(t, std::move(out));
    }
    e.held.clear();
    dispatch();
  }

  void dispatch() {
    while (!queue.empty() && !stopping) {
      auto t = tasks.find(queue.front());
      if (t == tasks.end()) {
        queue.pop_front();
        continue;
      }
      Engine* best = nullptr;
      bool anyone_has_it = false;
      for (auto& [i, e] : engines) {
        if (!e.alive || !e.tasks.count(t->second.task.call.task)) continue;
        anyone_has_it = true;
        if (e.held.size() < kPrefetch && (!best || e.held.size() < best->held.size())) best = &e;
      }
      if (!anyone_has_it && alive_engines() > 0) {
        queue.pop_front();
        fail(t, proto::Status::usage,
             fmt::format("no engine has a task '{}'", t->second.task.call.task));
        continue;
      }
      if (!best) return;
      queue.pop_front();
      send_to(*best, t->second);
    }
  }

  void send_to(Engine& e, Task& task) {
    task.engine = e.index;
    ++task.attempts;
    e.held.insert(task.task.id);
    engines_sock.send(e.id, "task", proto::encode(task.task));
  }

  // --- clients -------------------------------------------------------------------------------

  void client_submit(const Message& m) {
    auto s_body = body_of<proto::Submit>(m, "submit");
    if (!s_body) return;
    auto& s = *s_body;
    auto make = [&](bool balanced) {
      std::uint64_t id = next_task++;
      Task t;
      t.client = m.sender;
      t.no = s.no;
      t.task.id = id;
      t.task.call = s.call;
      t.balanced = balanced;
      t.retries = std::max(0, s.retries);
      return tasks.emplace(id, std::move(t)).first;
    };
    if (s.targets.empty()) {
      auto t = make(true);
      queue.push_back(t->first);
      dispatch();
      return;
    }
    // Every target's call is sent now, in one go: engines of one MPI world then see SPMD calls
    // in the same order, whoever sent them.
    for (int target : s.targets) {
      auto t = make(false);
      t->second.task.width = static_cast<int>(s.targets.size());
      auto e = engines.find(target);
      if (e == engines.end()) {
        fail(t, proto::Status::usage, fmt::format("no engine {}", target), target);
      } else if (!e->second.alive) {
        auto& g = e->second;
        t->second.engine = target;
        Outcome out;
        out.status = static_cast<int>(proto::Status::crashed);
        out.engine = target;
        out.pid = g.pid;
        out.text = fmt::format("engine {} (pid {}) is gone: {}", target, g.pid, g.ended);
        finish(t, std::move(out));
      } else if (!e->second.tasks.count(s.call.task)) {
        fail(t, proto::Status::usage,
             fmt::format("engine {} has no task '{}'", target, s.call.task), target);
      } else {
        send_to(e->second, t->second);
      }
    }
  }

  void client_cancel(const Message& m) {
    std::size_t dropped = 0;
    for (auto it = queue.begin(); it != queue.end();) {
      auto t = tasks.find(*it);
      if (t != tasks.end() && t->second.client == m.body) {
        tasks.erase(t);
        it = queue.erase(it);
        ++dropped;
      } else {
        ++it;
      }
    }
    // Those sent to engines and not yet run: the engines drop them (and answer "stopped").
    std::map<int, std::vector<std::uint64_t>> sent;
    std::size_t on_engines = 0;
    for (auto& [id, t] : tasks)
      if (t.client == m.body) {
        t.orphan = true;
        if (t.engine >= 0) {
          sent[t.engine].push_back(id);
          ++on_engines;
        }
      }
    for (const auto& [index, ids] : sent) {
      auto e = engines.find(index);
      if (e != engines.end() && e->second.alive)
        engines_sock.send(e->second.id, "drop", proto::encode(ids));
    }
    log(fmt::format("a client cancelled its calls ({} queued, {} on engines)", dropped,
                    on_engines));
    clients_sock.send(m.sender, "cancelled", "");
  }

  ClusterStatus status() const {
    ClusterStatus s;
    s.profile = o.profile;
    s.kind = o.n > 0 ? o.kind : "";
    s.controller = static_cast<int>(::getpid());
    s.uptime = static_cast<double>(now_ms() - started_ms) / 1000.0;
    for (const auto& [i, e] : engines) {
      EngineInfo info{e.index, e.pid,
                      e.host,  e.mpi_rank,
                      e.alive, e.alive ? (e.held.empty() ? "idle" : "busy") : "gone: " + e.ended,
                      e.done,  static_cast<int>(e.held.size())};
      s.engines.push_back(std::move(info));
      s.running += e.held.size();
    }
    s.queued = queue.size();
    s.done = done;
    return s;
  }

  void client_message(const Message& m) {
    if (m.kind == "hello") {
      clients_sock.send(m.sender, "welcome", proto::encode(proto::Welcome{alive_engines()}));
    } else if (m.kind == "submit") {
      client_submit(m);
    } else if (m.kind == "cancel") {
      client_cancel(m);
    } else if (m.kind == "status") {
      clients_sock.send(m.sender, "status", proto::encode(status()));
    } else if (m.kind == "stop") {
      log("a client asked to stop");
      stoppers.push_back(m.sender);
      stopping = true;
    } else {
      log(fmt::format("ignored a client message of kind '{}'", m.kind));
    }
  }

  void engine_message(const Message& m) {
    if (m.kind == "hello")
      engine_hello(m);
    else if (m.kind == "beat")
      engine_beat(m);
    else if (m.kind == "result")
      engine_result(m);
    else
      log(fmt::format("ignored an engine message of kind '{}'", m.kind));
  }

  // --- processes -----------------------------------------------------------------------------

  // Reaps a child that ended; says which engines went with it.
  void child_ended(Child& c) {
    auto end = sys::peek_child_end(c.pidfd.get());
    if (!end) return;
    c.stop_on_interrupt.reset();
    int status = 0;
    sys::wait_pid(c.pid, &status, 0);
    c.ended = true;
    std::string how = how_it_ended(end->exited, end->code_or_signal);
    if (c.mpirun) how = "mpirun " + how;
    if (!ready_said) {
      stopping = true;
      say_ready(c.mpirun ? fmt::format("the MPI engines could not start: {}", how)
                         : fmt::format("engine {} could not start: it {}", c.index, how));
    }
    for (auto& [i, e] : engines) {
      bool mine = c.mpirun ? (e.owned && e.mpi_rank >= 0) : (e.owned && e.pid == c.pid);
      if (mine) engine_gone(e, end->exited, end->code_or_signal, how);
    }
  }

  void check_beats() {
    const auto now = now_ms();
    for (auto& [i, e] : engines)
      if (e.alive && !e.owned && now - e.last_beat > kBeatTimeoutMs)
        engine_gone(e, true, 0, fmt::format("silent for {} ms", now - e.last_beat));
  }

  void loop() {
    while (!stopping) {
      std::vector<zmq::pollitem_t> items{{engines_sock.socket().handle(), 0, ZMQ_POLLIN, 0},
                                         {clients_sock.socket().handle(), 0, ZMQ_POLLIN, 0},
                                         {nullptr, stop_event.get(), ZMQ_POLLIN, 0}};
      std::vector<Child*> polled;
      for (auto& c : children)
        if (!c.ended) {
          items.push_back({nullptr, c.pidfd.get(), ZMQ_POLLIN, 0});
          polled.push_back(&c);
        }
      zmq::poll(items.data(), items.size(), std::chrono::milliseconds(250));
      if (items[2].revents) {
        sys::event_drain(stop_event.get());
        log("asked to stop");
        stopping = true;
      }
      // Drain each socket, a bounded number a turn so neither side starves the other.
      for (int k = 0; k < 256; ++k) {
        auto m = engines_sock.receive();
        if (!m) break;
        engine_message(*m);
      }
      for (int k = 0; k < 256 && !stopping; ++k) {
        auto m = clients_sock.receive();
        if (!m) break;
        client_message(*m);
      }
      for (std::size_t k = 0; k < polled.size(); ++k)
        if (items[3 + k].revents) child_ended(*polled[k]);
      check_beats();
      if (!ready_said && now_ms() - started_ms > kStartTimeoutMs) {
        stopping = true;
        say_ready(fmt::format("only {} of {} engines joined within {} s", alive_engines(), o.n,
                              kStartTimeoutMs / 1000));
      }
    }
  }

  // Fails what is left, ends the engines, removes the file, tells who asked.
  void shut_down() {
    for (auto it = tasks.begin(); it != tasks.end();)
      fail(it++, proto::Status::stopped, fmt::format("cluster '{}' was stopped", o.profile));
    queue.clear();
    for (auto& [i, e] : engines)
      if (e.alive) engines_sock.send(e.id, "exit", "");
    const auto deadline = now_ms() + 3000;
    bool termed = false;
    while (true) {
      bool left = false;
      for (auto& c : children)
        if (!c.ended) {
          child_ended(c);
          left = left || !c.ended;
        }
      if (!left) break;
      if (!termed && now_ms() > deadline - 2000) {
        for (auto& c : children)
          if (!c.ended) ::kill(c.pid, SIGTERM);
        termed = true;
      }
      if (now_ms() > deadline) {
        for (auto& c : children)
          if (!c.ended) sys::pidfd_kill(c.pidfd.get());
      }
      std::vector<zmq::pollitem_t> items;
      for (const auto& c : children)
        if (!c.ended) items.push_back({nullptr, c.pidfd.get(), ZMQ_POLLIN, 0});
      zmq::poll(items.data(), items.size(), std::chrono::milliseconds(50));
    }
    sys::remove_file(o.path);
    log("stopped");
    for (const auto& s : stoppers) clients_sock.send(s, "stopped", "");
    // Closed now, not when this object goes: a client still connected (in this very process,
    // for a Cluster that started its own) learns at once that the controller is gone.
    engines_sock.socket().close();
    clients_sock.socket().close();
  }
};

Controller::Controller(ControllerOptions o) {
  Key key = Key::random();
  s_ = std::make_unique<State>(std::move(o), key);
  write_connection(s_->o.path, s_->conn);
}

Controller::~Controller() = default;

const Connection& Controller::connection() const { return s_->conn; }

void Controller::request_stop() { sys::event_signal(s_->stop_event.get()); }

void Controller::run(const std::function<void(const std::string&)>& ready) {
  s_->ready = ready;
  try {
    s_->launch();
    if (s_->o.n <= 0) s_->say_ready("");
    s_->loop();
  } catch (const std::exception& e) {
    s_->log(fmt::format("failed: {}", e.what()));
    s_->say_ready(e.what());
  }
  s_->shut_down();
}

}  // namespace parkit::cluster
