#include "parkit/cluster/connection.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "core/sys.hpp"
#include "parkit/errors.hpp"
#include "parkit/files.hpp"

namespace parkit::cluster {

namespace {

bool is_profile(const std::string& p) {
  if (p.empty() || p.size() > 64) return false;
  for (char c : p)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '-'))
      return false;
  return true;
}

// tcp://HOST:PORT with a numeric IPv4 host and a port in 1..65535.
bool is_address(const std::string& a) {
  const std::string scheme = "tcp://";
  if (a.rfind(scheme, 0) != 0) return false;
  const auto colon = a.rfind(':');
  if (colon <= scheme.size()) return false;
  const std::string host = a.substr(scheme.size(), colon - scheme.size());
  const std::string port = a.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos)
    return false;
  const long n = std::strtol(port.c_str(), nullptr, 10);
  if (n < 1 || n > 65535) return false;
  int dots = 0;
  for (char c : host) {
    if (c == '.')
      ++dots;
    else if (c < '0' || c > '9')
      return false;
  }
  return dots == 3 && host.size() <= 15;
}

// A folder that exists is only used when it is this user's and nobody else's.
void check_private_dir(const std::string& dir) {
  struct stat st {};
  if (::lstat(dir.c_str(), &st) != 0)
    throw UsageError(fmt::format("{}: cannot use: {}", dir, sys::error_text(errno)));
  if (!S_ISDIR(st.st_mode) || st.st_uid != ::geteuid() || (st.st_mode & 077) != 0)
    throw UsageError(
        fmt::format("{}: not a private folder of this user (mode 0700 expected)", dir));
}

}  // namespace

std::string connection_dir() {
  // NOLINTNEXTLINE(concurrency-mt-unsafe): read only
  const char* runtime = std::getenv("XDG_RUNTIME_DIR");
  std::string dir;
  if (runtime && *runtime) {
    dir = std::string(runtime) + "/parkit";
  } else {
    const char* home = std::getenv("HOME");  // NOLINT(concurrency-mt-unsafe): read only
    if (!home || !*home) throw UsageError("neither XDG_RUNTIME_DIR nor HOME is set");
    dir = std::string(home) + "/.parkit";
  }
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    throw UsageError(fmt::format("{}: cannot make: {}", dir, sys::error_text(errno)));
  check_private_dir(dir);
  return dir;
}

std::string connection_path(const std::string& profile) {
  if (!is_profile(profile))
    throw UsageError(fmt::format(
        "--profile: '{}' is not a profile name (1-64 letters, digits, _ or -)", profile));
  return connection_dir() + "/cluster-" + profile + ".json";
}

void write_connection(const std::string& path, const Connection& c) {
  nlohmann::json j{{"profile", c.profile},
                   {"engines", c.engines},
                   {"clients", c.clients},
                   {"key", c.key.hex()},
                   {"controller", c.controller}};
  AtomicOutput out(path, 0600);
  out.write(j.dump(2) + "\n");
  out.commit();
}

Connection read_connection(const std::string& path) {
  sys::Fd fd;
  if (int e = sys::open_file(path, O_RDONLY | O_NOFOLLOW, fd)) {
    if (e == ENOENT) throw UsageError(fmt::format("{}: no cluster (no connection file)", path));
    throw UsageError(fmt::format("{}: cannot open: {}", path, sys::error_text(e)));
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode))
    throw UsageError(fmt::format("{}: not a connection file", path));
  if (st.st_uid != ::geteuid())
    throw UsageError(fmt::format("{}: not this user's file: refused", path));
  if ((st.st_mode & 077) != 0)
    throw UsageError(
        fmt::format("{}: others may read or write it (mode {:o}): refused, its key is no secret",
                    path, st.st_mode & 0777));
  if (st.st_size > (64 << 10))
    throw UsageError(fmt::format("{}: too big for a connection file", path));
  std::string text;
  if (int e = sys::read_to_end(fd.get(), text))
    throw UsageError(fmt::format("{}: cannot read: {}", path, sys::error_text(e)));
  Connection c;
  try {
    auto j = nlohmann::json::parse(text);
    c.profile = j.at("profile").get<std::string>();
    c.engines = j.at("engines").get<std::string>();
    c.clients = j.at("clients").get<std::string>();
    c.key = Key::from_hex(j.at("key").get<std::string>(), path);
    c.controller = j.at("controller").get<pid_t>();
  } catch (const nlohmann::json::exception& e) {
    throw UsageError(fmt::format("{}: not a connection file ({})", path, e.what()));
  }
  if (!is_profile(c.profile)) throw UsageError(fmt::format("{}: bad profile name", path));
  for (const auto& a : {c.engines, c.clients})
    if (!is_address(a))
      throw UsageError(fmt::format("{}: '{}' is not an address (tcp://IPv4:PORT)", path, a));
  if (c.controller <= 0) throw UsageError(fmt::format("{}: bad controller pid", path));
  c.file = path;
  return c;
}

bool controller_alive(const Connection& c) {
  if (c.controller <= 0 || (::kill(c.controller, 0) != 0 && errno != EPERM)) return false;
  // A zombie (killed, not yet reaped by whoever adopted it) is gone too: "pid (name) Z ...".
  std::string stat;
  sys::Fd fd;
  if (sys::open_file(fmt::format("/proc/{}/stat", c.controller), O_RDONLY, fd) != 0 ||
      sys::read_to_end(fd.get(), stat) != 0)
    return true;
  auto paren = stat.rfind(')');
  return paren == std::string::npos || paren + 2 >= stat.size() || stat[paren + 2] != 'Z';
}

}  // namespace parkit::cluster
