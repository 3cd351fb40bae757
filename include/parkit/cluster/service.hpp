// `parkit cluster start` and `serve`: a controller that runs in the background, on its own,
// after the command that started it has ended (issue 14), and what an engine needs to run a
// program's command and return its output.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "parkit/cluster/connection.hpp"
#include "parkit/cluster/controller.hpp"

namespace parkit::cluster {

// The controller's log: beside the connection file, mode 0600, made anew by each start.
std::string log_path(const std::string& profile);

// Starts `serve_argv` (a program that calls serve() below with fd 3 for `ready_fd`) twice
// forked, in a session of its own, its output to the log; waits until it says its engines have
// joined. A connection file whose controller is gone is removed first (and said so on stderr).
// UsageError when the profile's cluster already runs; Error naming the log when it did not
// start.
Connection start_service(const std::string& profile, const std::vector<std::string>& serve_argv);

// Runs a controller until a client stops it; says "ok" or why not on `ready_fd` (then closes
// it). SIGINT/SIGTERM end its engines and remove the connection file.
int serve(ControllerOptions o, int ready_fd);

struct Captured {
  int code = 0;
  std::string out, err;
};
// Runs `f` with this process's standard output and error caught (an engine running a command).
Captured run_captured(const std::function<int()>& f);

}  // namespace parkit::cluster
