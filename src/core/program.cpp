#include "parkit/program.hpp"

#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>

#include "core/sys.hpp"
#include "parkit/errors.hpp"

namespace parkit {

ProgramOutput run_program(const std::vector<std::string>& argv,
                          const std::vector<std::string>& extra_env) {
  if (argv.empty()) throw Error("run_program: no program");
  ProgramOutput r;
  int st = sys::run_capture(argv, r.out, extra_env);
  if (st < 0) throw Error(fmt::format("cannot run {}: {}", argv[0], sys::error_text(errno)));
  r.exit_code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

std::string this_program() {
  std::array<char, 4096> self{};
  ssize_t n = ::readlink("/proc/self/exe", self.data(), self.size() - 1);
  if (n <= 0) throw Error("cannot find this program (/proc/self/exe)");
  return {self.data(), static_cast<std::size_t>(n)};
}

std::vector<char*> argv_pointers(std::vector<std::string>& strings) {
  std::vector<char*> p;
  p.reserve(strings.size() + 1);
  for (auto& s : strings) p.push_back(s.data());
  p.push_back(nullptr);
  return p;
}

std::string find_on_path(const std::string& name) {
  return name.find('/') == std::string::npos ? sys::find_program(name) : std::string();
}

}  // namespace parkit
