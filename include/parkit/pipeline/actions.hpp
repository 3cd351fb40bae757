// Jobs name their work by action: a plain function registered under a name. A plain function and
// a list of strings cross a fork, so the same job runs on threads or on a ProcessPool.
#pragma once

#include <string>
#include <vector>

namespace parkit::pipeline {

using Action = void (*)(const std::vector<std::string>& args);

void register_action(const std::string& name, Action fn);
// Throws Error for an unknown action; whatever the action throws passes through.
void run_action(const std::string& name, const std::vector<std::string>& args);
// The same, for a pool: returns "" or the error's message.
std::string run_action_caught(std::string name, std::vector<std::string> args);

}  // namespace parkit::pipeline
