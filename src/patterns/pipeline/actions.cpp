#include "parkit/pipeline/actions.hpp"

#include <fmt/format.h>

#include <map>
#include <mutex>

#include "parkit/detail/failure.hpp"
#include "parkit/errors.hpp"

namespace parkit::pipeline {

namespace {
std::mutex m;
std::map<std::string, Action>& registry() {
  static std::map<std::string, Action> r;
  return r;
}
}  // namespace

void register_action(const std::string& name, Action fn) {
  std::lock_guard lock(m);
  registry()[name] = fn;
}

void run_action(const std::string& name, const std::vector<std::string>& args) {
  Action fn = nullptr;
  {
    std::lock_guard lock(m);
    auto it = registry().find(name);
    if (it != registry().end()) fn = it->second;
  }
  if (!fn) throw Error(fmt::format("pipeline: unknown action '{}'", name));
  fn(args);
}

std::string run_action_caught(std::string name, std::vector<std::string> args) {
  try {
    run_action(name, args);
    return {};
  } catch (...) {
    return detail::message_of(std::current_exception());
  }
}

}  // namespace parkit::pipeline
