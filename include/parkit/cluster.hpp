// parkit::Cluster: engines that stay up behind a controller, driven through views (issue 14; the
// tutorials' ipyparallel). Engines run tasks registered by name (cluster/task.hpp); a view sends
// calls to every engine (broadcast, direct) or to whichever is idle (load-balanced).
//
//   auto c = parkit::Cluster::start({.n = 4});          // stopped when `c` goes out of scope
//   auto cwd = c.broadcast_view().apply_sync<std::string>("getcwd");
//   auto lb = c.load_balanced_view();
//   std::vector<long> sq = lb.map<long>("square", std::vector<long>{1, 2, 3}, 2);
//
// Arguments and results travel as cereal bytes (serialization.hpp), so they must be given with
// the task's own parameter types (a mismatch is refused by the engine, not misread). A failed
// call throws what the engine's task threw: TaskError (UsageError for bad input and an unknown
// task), WorkerCrashed naming the engine when it died, CommError when the controller went away.
#pragma once

#include <sys/types.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <typeinfo>
#include <vector>

#include "parkit/cluster/connection.hpp"
#include "parkit/partition.hpp"
#include "parkit/serialization.hpp"

namespace parkit {

namespace cluster {

// How a call ended on one engine.
struct Outcome {
  std::uint64_t id = 0;
  int engine = -1;
  int status = 0;  // 0 ok, 1 error, 2 usage, 3 crashed, 4 stopped (proto::Status)
  std::string text;
  std::vector<std::string> results;  // one a call (a map's chunk has several)
  double seconds = 0;                // the engine's time on it
  int pid = 0, signal = 0, exit_code = 0;
  template <class A>
  void serialize(A& ar) {
    ar(id, engine, status, text, results, seconds, pid, signal, exit_code);
  }
};

struct EngineInfo {
  int index = -1;
  int pid = 0;
  std::string host;
  int mpi_rank = -1;
  bool alive = true;
  std::string state;  // idle, busy, or how it ended
  std::uint64_t done = 0;
  int running = 0;
  template <class A>
  void serialize(A& ar) {
    ar(index, pid, host, mpi_rank, alive, state, done, running);
  }
};

struct ClusterStatus {
  std::string profile;
  std::string kind;  // processes, mpi, or "" (engines started by hand only)
  int controller = 0;
  double uptime = 0;
  std::vector<EngineInfo> engines;
  std::uint64_t queued = 0, running = 0, done = 0;
  template <class A>
  void serialize(A& ar) {
    ar(profile, kind, controller, uptime, engines, queued, running, done);
  }
};

// One call as it goes to the engines.
struct Call {
  std::string task;
  std::string signature;          // the arguments' type (typeid of the tuple)
  std::vector<std::string> args;  // one a call
  bool text = false;
  template <class A>
  void serialize(A& ar) {
    ar(task, signature, args, text);
  }
};

// The client's end of the connection: submits calls and waits for their outcomes. One thread at
// a time (a ZeroMQ socket); the views and AsyncResult share it.
class Client {
 public:
  explicit Client(const Connection& c);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // A number for the call: one outcome will come from each target, or one from any engine when
  // `targets` is empty.
  std::uint64_t submit(Call call, std::vector<int> targets, int retries = 0);
  bool ready(std::uint64_t no);
  // The outcomes, in target order. Throws CommError when the controller is gone.
  std::vector<Outcome> wait(std::uint64_t no);
  // Throws what a failed outcome stands for (TaskError, UsageError, WorkerCrashed, CommError).
  // `index`: the call's place in a map (the first of a chunk), named in the error.
  static void raise_if_failed(const Outcome& o, const std::string& task,
                              std::optional<std::size_t> index = std::nullopt);
  ClusterStatus status();
  std::vector<int> engine_ids();  // the live engines
  void stop();                    // returns once the controller has stopped everything
  const Connection& connection() const noexcept;

 private:
  struct State;
  std::unique_ptr<State> s_;
};

template <class T>
std::string to_string_bytes(const T& v) {
  Bytes b = to_bytes(v);
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

template <class T>
T from_string_bytes(const std::string& s) {
  return from_bytes<T>(std::span(reinterpret_cast<const std::byte*>(s.data()), s.size()));
}

template <class... A>
Call make_call(const std::string& task, const A&... args) {
  using Tuple = std::tuple<std::decay_t<A>...>;
  return Call{task, typeid(Tuple).name(), {to_string_bytes(Tuple(args...))}, false};
}

}  // namespace cluster

template <class R>
class AsyncResult {
 public:
  using Convert = R (*)(const std::vector<cluster::Outcome>&, const std::string&);
  AsyncResult(std::shared_ptr<cluster::Client> c, std::uint64_t no, std::string task, Convert f)
      : c_(std::move(c)), no_(no), task_(std::move(task)), convert_(f) {}
  bool ready() { return c_->ready(no_); }
  R get() { return convert_(c_->wait(no_), task_); }

 private:
  std::shared_ptr<cluster::Client> c_;
  std::uint64_t no_;
  std::string task_;
  Convert convert_;
};

namespace cluster::detail {
template <class R>
R one_result(const Outcome& o, std::size_t i, const std::string& task) {
  Client::raise_if_failed(o, task);
  if constexpr (std::is_void_v<R>) {
    (void)i;
    return;
  } else {
    return from_string_bytes<R>(o.results.at(i));
  }
}
// One result per engine: a vector, or nothing for a task that returns nothing.
template <class R>
using EachEngine = std::conditional_t<std::is_void_v<R>, void, std::vector<R>>;

template <class R>
EachEngine<R> each_engine(const std::vector<Outcome>& os, const std::string& task) {
  if constexpr (std::is_void_v<R>) {
    for (const auto& o : os) one_result<R>(o, 0, task);
  } else {
    std::vector<R> out;
    out.reserve(os.size());
    for (const auto& o : os) out.push_back(one_result<R>(o, 0, task));
    return out;
  }
}
template <class R>
R first(const std::vector<Outcome>& os, const std::string& task) {
  return one_result<R>(os.at(0), 0, task);
}
}  // namespace cluster::detail

// Every engine of `targets` runs each call: ipyparallel's DirectView (and BroadcastView).
class DirectView {
 public:
  DirectView(std::shared_ptr<cluster::Client> c, std::vector<int> targets)
      : c_(std::move(c)), targets_(std::move(targets)) {}
  const std::vector<int>& targets() const noexcept { return targets_; }

  // One result per target, in target order. R = void for tasks that return nothing.
  template <class R, class... A>
  AsyncResult<cluster::detail::EachEngine<R>> apply_async(const std::string& task,
                                                          const A&... args) {
    auto no = c_->submit(cluster::make_call(task, args...), targets_);
    return {c_, no, task, &cluster::detail::each_engine<R>};
  }
  template <class R, class... A>
  cluster::detail::EachEngine<R> apply_sync(const std::string& task, const A&... args) {
    return apply_async<R>(task, args...).get();
  }
  // Sets `name` in every target's namespace (cluster/task.hpp: engine_value).
  template <class T>
  void push(const std::string& name, const T& value) {
    for (const auto& o : c_->wait(c_->submit(
             cluster::Call{
                 "push",
                 "",
                 {cluster::to_string_bytes(std::pair(name, cluster::to_string_bytes(value)))},
                 false},
             targets_)))
      cluster::Client::raise_if_failed(o, "push");
  }
  template <class T>
  std::vector<T> pull(const std::string& name) {
    std::vector<T> out;
    for (const auto& o : c_->wait(c_->submit(
             cluster::Call{"pull", "", {cluster::to_string_bytes(name)}, false}, targets_))) {
      cluster::Client::raise_if_failed(o, "pull");
      out.push_back(cluster::from_string_bytes<T>(o.results.at(0)));
    }
    return out;
  }
  // task(item) for each item, the items split into one block per target, results in item order.
  template <class R, class T>
  std::vector<R> map(const std::string& task, const std::vector<T>& items);

 private:
  std::shared_ptr<cluster::Client> c_;
  std::vector<int> targets_;
};

// Each call goes to an idle engine: ipyparallel's LoadBalancedView.
class LoadBalancedView {
 public:
  LoadBalancedView(std::shared_ptr<cluster::Client> c, int retries)
      : c_(std::move(c)), retries_(retries) {}

  template <class R, class... A>
  AsyncResult<R> apply_async(const std::string& task, const A&... args) {
    auto no = c_->submit(cluster::make_call(task, args...), {}, retries_);
    return {c_, no, task, &cluster::detail::first<R>};
  }
  template <class R, class... A>
  R apply_sync(const std::string& task, const A&... args) {
    return apply_async<R>(task, args...).get();
  }
  // task(item) for each item, `chunksize` items a message, results in item order.
  template <class R, class T>
  std::vector<R> map(const std::string& task, const std::vector<T>& items,
                     std::size_t chunksize = 1);
  // The same with items and results as text, for a task of one text or number argument that
  // gives one back (`parkit cluster map`).
  std::vector<std::string> map_text(const std::string& task, const std::vector<std::string>& items,
                                    std::size_t chunksize = 1);

 private:
  std::shared_ptr<cluster::Client> c_;
  int retries_;
};

namespace cluster::detail {
// One message of a map: calls [begin, end) of the map's arguments, to `target` (-1: any engine).
struct Piece {
  Range calls;
  int target = -1;
};
// Calls `task` once for each argument list of `args` (bytes, or text when `text`), one message a
// piece, and returns the results in argument order. Throws the first failure, naming the
// index of its piece's first call.
std::vector<std::string> map_calls(Client& c, const Call& task,
                                   const std::vector<std::string>& args,
                                   const std::vector<Piece>& pieces, int retries);
// `chunksize` calls a piece, to any engine (UsageError for 0).
std::vector<Piece> chunk_pieces(std::size_t n, std::size_t chunksize);

// The arguments of task(item) for each item, and the call they make.
template <class T>
std::vector<std::string> item_args(const std::vector<T>& items) {
  std::vector<std::string> args;
  args.reserve(items.size());
  for (const auto& item : items) args.push_back(to_string_bytes(std::tuple<T>(item)));
  return args;
}
template <class T>
Call item_call(const std::string& task) {
  return Call{task, typeid(std::tuple<T>).name(), {}, false};
}
template <class R>
std::vector<R> results_as(const std::vector<std::string>& bytes) {
  std::vector<R> out;
  out.reserve(bytes.size());
  for (const auto& b : bytes) out.push_back(from_string_bytes<R>(b));
  return out;
}
}  // namespace cluster::detail

template <class R, class T>
std::vector<R> DirectView::map(const std::string& task, const std::vector<T>& items) {
  if (targets_.empty()) throw UsageError("map: the view has no engines");
  std::vector<cluster::detail::Piece> pieces;
  for (std::size_t k = 0; k < targets_.size(); ++k)
    pieces.push_back({block_range(items.size(), targets_.size(), k), targets_[k]});
  return cluster::detail::results_as<R>(cluster::detail::map_calls(
      *c_, cluster::detail::item_call<T>(task), cluster::detail::item_args(items), pieces, 0));
}

template <class R, class T>
std::vector<R> LoadBalancedView::map(const std::string& task, const std::vector<T>& items,
                                     std::size_t chunksize) {
  return cluster::detail::results_as<R>(cluster::detail::map_calls(
      *c_, cluster::detail::item_call<T>(task), cluster::detail::item_args(items),
      cluster::detail::chunk_pieces(items.size(), chunksize), retries_));
}

// A connection to a running cluster, or a cluster of its own (stopped when this is destroyed).
class Cluster {
 public:
  struct Options {
    int n = 2;
    std::string engines = "processes";  // or "mpi"
    std::string engine_binary;          // default: this program (it must call engine_main)
    std::string profile;                // default: a fresh one
    std::string ip;                     // default: loopback only
  };
  static Cluster connect(const std::string& profile = "default");
  static Cluster connect_file(const std::string& path);
  // Starts a controller in this process and its engines, and waits until they are all up.
  static Cluster start(const Options& options);

  Cluster(Cluster&&) noexcept;
  Cluster& operator=(Cluster&&) noexcept;
  ~Cluster();

  cluster::ClusterStatus status() { return client_->status(); }
  std::vector<int> ids() { return client_->engine_ids(); }
  DirectView broadcast_view() { return {client_, ids()}; }
  DirectView direct_view(std::vector<int> targets) { return {client_, std::move(targets)}; }
  // `retries`: a call whose engine dies runs again on another, at most that many times.
  LoadBalancedView load_balanced_view(int retries = 0) { return {client_, retries}; }
  // Stops the controller and its engines (any cluster, not only one this started).
  void stop();
  const cluster::Connection& connection() const { return client_->connection(); }
  const std::shared_ptr<cluster::Client>& client() const noexcept { return client_; }

 private:
  struct Owned;
  Cluster(std::shared_ptr<cluster::Client> c, std::unique_ptr<Owned> owned);
  std::shared_ptr<cluster::Client> client_;
  std::unique_ptr<Owned> owned_;
};

}  // namespace parkit
