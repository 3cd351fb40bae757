// The controller (issue 14; decision 0012): binds a ROUTER for engines and one for clients,
// writes the connection file, starts the engines (forked processes, or one mpirun), and routes
// calls to engines and outcomes back, until a client says stop.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "parkit/cluster/connection.hpp"

namespace parkit::cluster {

struct ControllerOptions {
  std::string profile = "default";
  std::string path;                      // the connection file to write (removed when stopped)
  std::string ip = "127.0.0.1";          // where to listen
  int n = 0;                             // engines to start
  std::string kind = "processes";        // processes or mpi
  std::vector<std::string> engine_argv;  // the engine program and its first arguments
  std::function<void(const std::string&)> log;
};

class Controller {
 public:
  explicit Controller(ControllerOptions o);  // binds and writes the connection file
  ~Controller();
  Controller(const Controller&) = delete;
  Controller& operator=(const Controller&) = delete;
  const Connection& connection() const;

  // Runs until stopped; then every engine it started is ended and reaped and the connection
  // file removed. `ready` is called once: with "" when the n engines have joined, or with why
  // they could not start (the controller then stops).
  void run(const std::function<void(const std::string&)>& ready);
  // Any thread: stop as `cluster stop` would.
  void request_stop();

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace parkit::cluster
