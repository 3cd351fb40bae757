// An engine: connects to its controller, says which tasks it has, and runs the calls it is
// sent, one at a time, until told to stop or the controller is gone. A second thread beats
// every 250 ms on a socket of its own, so the controller can tell an engine it did not start
// (one started by hand on another host) is gone even while a long call runs.
#include <cxxabi.h>
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "cluster/link.hpp"
#include "cluster/protocol.hpp"
#include "core/sys.hpp"
#include "parkit/cluster/task.hpp"
#include "parkit/mpi.hpp"

namespace parkit {

namespace cluster {

namespace {

using detail::Link;

std::map<std::string, TaskEntry>& registry() {
  static std::map<std::string, TaskEntry> r;
  return r;
}

int current_width = 1;

std::map<std::string, std::string>& values() {
  static std::map<std::string, std::string> v;
  return v;
}

std::string demangled(const std::string& name) {
  int status = 0;
  std::unique_ptr<char, decltype(&std::free)> s(
      abi::__cxa_demangle(name.c_str(), nullptr, nullptr, &status), &std::free);
  return status == 0 && s ? std::string(s.get()) : name;
}

std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "?";
  return buf;
}

// A built-in task unless the program has its own of that name.
void add_builtin(const std::string& name, TaskEntry e) {
  registry().try_emplace(name, std::move(e));
}

void add_builtin_tasks() {
  add_builtin("getcwd", make_task(+[] {
                std::unique_ptr<char, decltype(&std::free)> p(::getcwd(nullptr, 0), &std::free);
                if (!p) throw Error(fmt::format("getcwd: {}", sys::error_text(errno)));
                return std::string(p.get());
              }));
  add_builtin("chdir", make_task(+[](std::string path) {
                if (::chdir(path.c_str()) != 0)
                  throw UsageError(
                      fmt::format("{}: cannot change to it: {}", path, sys::error_text(errno)));
              }));
  add_builtin("hostname", make_task(+[] { return host_name(); }));
  add_builtin("pid", make_task(+[] { return static_cast<long>(::getpid()); }));
  add_builtin("sleep_ms", make_task(+[](long ms) {
                if (ms < 0 || ms > 86'400'000) throw UsageError("sleep_ms: 0 to 86400000 ms");
                std::this_thread::sleep_for(std::chrono::milliseconds(ms));
                return ms;
              }));
  add_builtin("echo", make_task(+[](std::string s) { return s; }));
  add_builtin("square", make_task(+[](long x) { return x * x; }));
  add_builtin("fail", make_task(+[](std::string why) -> long { throw Error(why); }));
  // push and pull take and give the value's bytes as they are (DirectView::push / pull).
  add_builtin("push", TaskEntry{"",
                                [](const std::string& bytes) {
                                  auto [name, value] =
                                      from_string_bytes<std::pair<std::string, std::string>>(bytes);
                                  set_engine_value_bytes(name, std::move(value));
                                  return std::string();
                                },
                                {}});
  add_builtin("pull", TaskEntry{"",
                                [](const std::string& bytes) {
                                  return engine_value_bytes(from_string_bytes<std::string>(bytes));
                                },
                                {}});
}

struct EngineArgs {
  std::string file;
  int index = -1;
  bool owned = false;
};

EngineArgs parse(int argc, char** argv) {
  EngineArgs a;
  int i = 1;
  if (i < argc && std::string(argv[i]) == "engine") ++i;
  for (; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw UsageError(fmt::format("engine: {} needs a value", arg));
      return argv[++i];
    };
    if (arg == "--connection") {
      a.file = value();
    } else if (arg == "--index") {
      std::string v = value();
      a.index = detail::from_text<int>(v);
      if (a.index < 0) throw UsageError("engine: --index must be 0 or more");
    } else if (arg == "--owned") {
      a.owned = true;
    } else if (arg == "--help" || arg == "-h") {
      throw UsageError(
          "usage: engine --connection FILE: runs an engine of the cluster that FILE names "
          "(`parkit cluster start` writes it)");
    } else {
      throw UsageError(fmt::format("engine: unknown argument '{}'", arg));
    }
  }
  if (a.file.empty()) throw UsageError("engine: --connection FILE is required");
  return a;
}

Outcome run_task(const proto::Task& t, int index) {
  Outcome o;
  o.id = t.id;
  o.engine = index;
  const auto started = std::chrono::steady_clock::now();
  try {
    const TaskEntry* e = find_task(t.call.task);
    if (!e) throw UsageError(fmt::format("engine {} has no task '{}'", index, t.call.task));
    if (t.call.text && !e->run_text)
      throw UsageError(fmt::format("task '{}' does not take and give text", t.call.task));
    if (!t.call.text && !e->signature.empty() && !t.call.signature.empty() &&
        e->signature != t.call.signature)
      throw UsageError(fmt::format("task '{}' takes {}, was given {}", t.call.task,
                                   demangled(e->signature), demangled(t.call.signature)));
    current_width = t.width;
    for (const auto& args : t.call.args)
      o.results.push_back(t.call.text ? e->run_text(args) : e->run(args));
  } catch (const UsageError& e) {
    o.status = static_cast<int>(proto::Status::usage);
    o.text = e.what();
    o.results.clear();
  } catch (const std::exception& e) {
    o.status = static_cast<int>(proto::Status::error);
    o.text = e.what();
    o.results.clear();
  }
  o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return o;
}

void log_line(const std::string& s) { fmt::print(stderr, "parkit engine {}: {}\n", ::getpid(), s); }

int run_engine(const EngineArgs& a) {
  Connection conn = read_connection(a.file);
  Link link(conn, conn.engines, log_line);
  const std::string beat_id = random_id();
  proto::EngineHello hello{a.index, a.owned,     static_cast<int>(::getpid()), host_name(), -1, 0,
                           beat_id, task_names()};
  if (mpi::launched()) {
    hello.mpi_rank = mpi::world_rank();
    hello.mpi_size = mpi::world_size();
  }
  link.send("hello", proto::encode(hello));
  auto welcome = link.receive(10'000);
  if (!welcome || welcome->kind != "welcome")
    throw CommError(fmt::format("no answer from the controller at {} within 10 s", conn.engines));
  const int index = proto::decode<proto::Welcome>(welcome->body, "welcome").index;

  std::atomic<bool> done{false};
  std::thread beat([&conn, &beat_id, &done, &link] {
    Link b(conn, conn.engines, log_line, beat_id);
    const std::string& engine_id = link.id();
    while (!done.load()) {
      b.send("beat", engine_id);
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
      if (b.lost() && !done.load()) {
        log_line("the controller is gone; ending");
        std::_Exit(1);
      }
    }
  });
  struct Join {
    std::atomic<bool>& done;
    std::thread& t;
    ~Join() {
      done = true;
      t.join();
    }
  } join{done, beat};

  // Calls wait here in order; what is already on the socket is read first, so a `drop` (the
  // calls of a client that left) overtakes the calls it names.
  std::deque<Message> inbox;
  std::set<std::uint64_t> dropped;
  auto take = [&](Message m) {
    if (m.kind == "drop") {
      try {
        for (auto id : proto::decode<std::vector<std::uint64_t>>(m.body, "drop"))
          dropped.insert(id);
      } catch (const CommError& e) {
        log_line(e.what());
      }
    } else {
      inbox.push_back(std::move(m));
    }
  };
  while (true) {
    while (auto m = link.receive(0)) take(std::move(*m));
    if (inbox.empty()) {
      if (auto m = link.receive(-1)) take(std::move(*m));
      continue;
    }
    Message m = std::move(inbox.front());
    inbox.pop_front();
    if (m.kind == "exit") return 0;
    if (m.kind != "task") {
      log_line(fmt::format("ignored a message of kind '{}'", m.kind));
      continue;
    }
    Outcome o;
    try {
      auto task = proto::decode<proto::Task>(m.body, "task");
      if (dropped.erase(task.id)) {
        o.id = task.id;
        o.engine = index;
        o.status = static_cast<int>(proto::Status::stopped);
        o.text = "cancelled: its client left";
      } else {
        o = run_task(task, index);
      }
    } catch (const CommError& e) {
      log_line(e.what());
      continue;
    }
    link.send("result", proto::encode(o));
  }
}

}  // namespace

bool register_task(const std::string& name, TaskEntry entry) {
  registry()[name] = std::move(entry);
  return true;
}

const TaskEntry* find_task(const std::string& name) {
  auto it = registry().find(name);
  return it == registry().end() ? nullptr : &it->second;
}

std::vector<std::string> task_names() {
  std::vector<std::string> out;
  for (const auto& [name, e] : registry()) out.push_back(name);
  return out;
}

void set_engine_value_bytes(const std::string& name, std::string bytes) {
  values()[name] = std::move(bytes);
}

int call_width() noexcept { return current_width; }

const std::string& engine_value_bytes(const std::string& name) {
  auto it = values().find(name);
  if (it == values().end())
    throw UsageError(fmt::format("no value named '{}' on this engine", name));
  return it->second;
}

}  // namespace cluster

int engine_main(int argc, char** argv) {
  try {
    auto args = cluster::parse(argc, argv);
    cluster::add_builtin_tasks();
    return cluster::run_engine(args);
  } catch (const UsageError& e) {
    fmt::print(stderr, "parkit engine: {}\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "parkit engine: {}\n", e.what());
    return 1;
  }
}

}  // namespace parkit
