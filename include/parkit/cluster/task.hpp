// Tasks an engine runs, registered by name (issue 14): a client calls them through a view with
// the task's name and arguments of its parameter types (cluster.hpp).
//
//   long square(long x) { return x * x; }
//   PARKIT_TASK(square, square);
//   int main(int argc, char** argv) {
//     if (argc > 1 && std::string(argv[1]) == "engine") return parkit::engine_main(argc, argv);
//     ...
//   }
//
// An engine has every task its executable registers, and these built in: getcwd, chdir(path),
// hostname, pid, sleep_ms(ms), echo(text), square(x), fail(message), plus those of the parkit
// command (`parkit`, `mpi_acf`). Push and pull use the engine's namespace (engine_value below).
#pragma once

#include <fmt/format.h>

#include <charconv>
#include <functional>
#include <string>
#include <tuple>
#include <type_traits>
#include <typeinfo>
#include <vector>

#include "parkit/cluster.hpp"
#include "parkit/errors.hpp"

namespace parkit {

namespace cluster {

// What an engine does with one call of a task.
struct TaskEntry {
  std::string signature;                                    // typeid name of its argument tuple
  std::function<std::string(const std::string&)> run;       // argument bytes -> result bytes
  std::function<std::string(const std::string&)> run_text;  // text -> text; empty when the task
                                                            // takes or gives what text is not
};

// Adds a task; a second one of the same name replaces the first. Returns true (for the macro).
bool register_task(const std::string& name, TaskEntry entry);
const TaskEntry* find_task(const std::string& name);
std::vector<std::string> task_names();

namespace detail {
template <class T>
inline constexpr bool is_text_v = std::is_same_v<T, std::string> ||
                                  (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>);

template <class T>
T from_text(const std::string& s) {
  if constexpr (std::is_same_v<T, std::string>) {
    return s;
  } else {
    T v{};
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size())
      throw UsageError(
          fmt::format("'{}' is not a {}", s, std::is_integral_v<T> ? "whole number" : "number"));
    return v;
  }
}
}  // namespace detail

template <class R, class... A>
TaskEntry make_task(std::function<R(A...)> fn) {
  using Tuple = std::tuple<std::decay_t<A>...>;
  TaskEntry e;
  e.signature = typeid(Tuple).name();
  e.run = [fn](const std::string& bytes) -> std::string {
    auto args = from_string_bytes<Tuple>(bytes);
    if constexpr (std::is_void_v<R>) {
      std::apply(fn, std::move(args));
      return {};
    } else {
      return to_string_bytes(std::apply(fn, std::move(args)));
    }
  };
  if constexpr (sizeof...(A) <= 1 && (std::is_void_v<R> || detail::is_text_v<R>)&&(
                                         detail::is_text_v<std::decay_t<A>> && ...)) {
    e.run_text = [fn](const std::string& text) -> std::string {
      auto call = [&] {
        if constexpr (sizeof...(A) == 0)
          return fn();
        else
          return fn(detail::from_text<std::decay_t<A>...>(text));
      };
      if constexpr (std::is_void_v<R>) {
        call();
        return {};
      } else {
        return fmt::format("{}", call());
      }
    };
  }
  return e;
}

template <class F>
TaskEntry make_task(F fn) {
  return make_task(std::function(fn));
}

// How many engines the call being run was sent to at once: the targets of a broadcast or
// direct view, 1 for a load-balanced call. A task that runs SPMD over the engines' MPI world
// does so only when this is the world's size, every rank then running it (a load-balanced call
// of it would wait for ever for the others).
int call_width() noexcept;

// The engine's namespace: values pushed by clients (DirectView::push), read by tasks.
template <class T>
T engine_value(const std::string& name);
void set_engine_value_bytes(const std::string& name, std::string bytes);
const std::string& engine_value_bytes(const std::string& name);  // UsageError when unset
template <class T>
T engine_value(const std::string& name) {
  return from_string_bytes<T>(engine_value_bytes(name));
}
template <class T>
void set_engine_value(const std::string& name, const T& value) {
  set_engine_value_bytes(name, to_string_bytes(value));
}

}  // namespace cluster

// Runs an engine: `PROGRAM engine --connection FILE [--index K] [--owned]` (argv[1] "engine" is
// optional). Connects to the controller the file names, runs calls until told to stop or the
// controller is gone. Returns the process's exit code (2: bad usage).
int engine_main(int argc, char** argv);

}  // namespace parkit

#define PARKIT_TASK_CAT2(a, b) a##b
#define PARKIT_TASK_CAT(a, b) PARKIT_TASK_CAT2(a, b)
// Registers `fn` as the task `name` (an identifier) when the program starts.
#define PARKIT_TASK(name, fn)                                                         \
  static const bool PARKIT_TASK_CAT(parkit_task_registered_, name) [[maybe_unused]] = \
      ::parkit::cluster::register_task(#name, ::parkit::cluster::make_task(fn))
