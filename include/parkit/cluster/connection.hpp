// A cluster's connection file (issue 14; decision 0012): what a client or an engine needs to
// reach a controller and to sign its messages. One file a profile, in the user's runtime folder
// ($XDG_RUNTIME_DIR/parkit, else ~/.parkit, made 0700), mode 0600, written whole or not at all.
// A file that others could read, or that is not the user's own, is refused: its key is no
// secret any more.
#pragma once

#include <sys/types.h>

#include <string>

#include "parkit/cluster/wire.hpp"

namespace parkit::cluster {

struct Connection {
  std::string profile;
  std::string engines;  // where engines connect: tcp://ADDRESS:PORT
  std::string clients;  // where clients connect
  Key key;
  pid_t controller = 0;  // the controller's process id
  std::string file;      // where it was read from (not written)
};

// The folder connection files live in, made (0700) if missing. UsageError when it cannot be,
// or when it is not a private folder of this user.
std::string connection_dir();
// The file of `profile` (1-64 of [A-Za-z0-9_-], UsageError otherwise) in connection_dir().
std::string connection_path(const std::string& profile);

// Writes `c` to `path`, mode 0600, atomically.
void write_connection(const std::string& path, const Connection& c);
// Reads and checks one. UsageError, naming the file: missing ("no cluster"), not this user's,
// readable or writable by others, not the JSON written above, a bad key or address.
Connection read_connection(const std::string& path);
// Whether the controller the file names still runs (a file left by a killed controller is
// stale).
bool controller_alive(const Connection& c);

}  // namespace parkit::cluster
