// Test helper: starts a processes team (or a ProcessPool) whose workers block forever, prints
// the workers' pids and "ready", then blocks itself. The failure tests signal it and check that
// no worker outlives it.
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "parkit/process_pool.hpp"
#include "parkit/run.hpp"

namespace {
int block_forever(int) {
  for (;;) ::pause();
}
}  // namespace

int main(int argc, char** argv) {
  const char* mode = argc > 1 ? argv[1] : "team";
  if (std::strcmp(mode, "pool") == 0) {
    parkit::ProcessPool pool(2);
    for (int pid : pool.pids()) std::printf("pid %d\n", pid);
    auto a = pool.submit(block_forever, 0);
    auto b = pool.submit(block_forever, 1);
    std::printf("ready\n");
    std::fflush(stdout);
    a.get();
    return 0;
  }
  parkit::run(parkit::make_team(parkit::Backend::processes, 3), [](parkit::Comm& c) {
    if (c.rank() != 0) {
      std::printf("pid %d\n", static_cast<int>(::getpid()));
      std::fflush(stdout);
      c.send(1, 0, 0);
      c.recv<int>(0, 1);  // never sent
      return;
    }
    for (int r = 1; r < c.size(); ++r) c.recv<int>(r, 0);
    std::printf("ready\n");
    std::fflush(stdout);
    c.recv<int>(1, 1);  // never sent
  });
  return 0;
}
