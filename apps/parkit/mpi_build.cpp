#include "mpi_build.hpp"

#include <unistd.h>

#include <array>
#include <string>
#include <string_view>

#include "parkit/mpi.hpp"
#include "parkit/team.hpp"

namespace parkit::cli {

namespace {

// parkit-mpi in this program's own folder, or "" when this program carries MPI itself or the
// other one is not there.
std::string mpi_build_path() {
#ifdef PARKIT_MPI_EXE
  if (mpi_available()) return {};
  std::array<char, 4096> self{};
  ssize_t n = ::readlink("/proc/self/exe", self.data(), self.size() - 1);
  if (n <= 0) return {};
  std::string path(self.data(), static_cast<std::size_t>(n));
  path.resize(path.rfind('/') + 1);
  path += PARKIT_MPI_EXE;
  if (::access(path.c_str(), X_OK) != 0) return {};
  return path;
#else
  return {};
#endif
}

bool names_mpi(std::string_view arg) {
  std::size_t start = 0;
  for (std::size_t i = 0; i <= arg.size(); ++i) {
    if (i == arg.size() || arg[i] == ',' || arg[i] == '=') {
      if (arg.substr(start, i - start) == "mpi") return true;
      start = i + 1;
    }
  }
  return false;
}

}  // namespace

bool mpi_offered() { return mpi_available() || !mpi_build_path().empty(); }

void hand_over_to_mpi_build(int argc, char** argv) {
  // The cluster (ZeroMQ, and MPI engines) lives in the full build only.
  bool needed = mpi::launched() || (argc > 1 && (std::string_view(argv[1]) == "cluster" ||
                                                 std::string_view(argv[1]) == "engine"));
  for (int i = 1; i < argc && !needed; ++i) needed = names_mpi(argv[i]);
  if (!needed) return;
  std::string path = mpi_build_path();
  if (path.empty()) return;
  ::execv(path.c_str(), argv);
  // exec failed (the file went away, no memory): run here; --backend mpi then says why not.
}

}  // namespace parkit::cli
