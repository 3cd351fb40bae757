// Running another program (mpirun, for the harness's MPI points) and reading what it prints.
#pragma once

#include <string>
#include <vector>

namespace parkit {

struct ProgramOutput {
  int exit_code = 0;  // -1 when a signal ended it
  std::string out;    // its standard output; its standard error is ours
};

// Runs argv[0], looked up on PATH, with argv, and `extra_env` ("NAME=value") set over this
// process's environment. Throws Error naming it when it cannot start. If this process dies
// first, the program gets SIGTERM; if it is interrupted, it stops the program and waits for it
// (a few seconds at most) before removing its own temporaries (interrupt.hpp).
ProgramOutput run_program(const std::vector<std::string>& argv,
                          const std::vector<std::string>& extra_env = {});

// The path of this program's executable (/proc/self/exe). Throws Error when it cannot be read.
std::string this_program();

// The strings as exec and main take them: pointers into `strings`, then a null.
std::vector<char*> argv_pointers(std::vector<std::string>& strings);

// The path of the executable `name` on PATH, or "" when there is none.
std::string find_on_path(const std::string& name);

}  // namespace parkit
