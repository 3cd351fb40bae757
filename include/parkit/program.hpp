// Running another program (mpirun, for the harness's MPI points) and reading what it prints.
#pragma once

#include <string>
#include <vector>

namespace parkit {

struct ProgramOutput {
  int exit_code = 0;  // -1 when a signal ended it
  std::string out;    // its standard output; its standard error is ours
};

// Runs argv[0], looked up on PATH, with argv. Throws Error naming it when it cannot start. If
// this process dies first (killed, interrupted), the program gets SIGTERM.
ProgramOutput run_program(const std::vector<std::string>& argv);

// The path of the executable `name` on PATH, or "" when there is none.
std::string find_on_path(const std::string& name);

}  // namespace parkit
