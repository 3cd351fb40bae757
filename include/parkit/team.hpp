// A team description: which transport carries the ranks and how many there are.
#pragma once

#include <string>
#include <string_view>

namespace parkit {

enum class Backend { serial, threads, processes, mpi };

std::string_view to_string(Backend b) noexcept;
// Throws UsageError naming the accepted values.
Backend parse_backend(std::string_view name);

// The number of cores this process may use (at least 1).
int hardware_workers() noexcept;

// Upper bound on --workers: far beyond any core count we run on, low enough to refuse typos.
inline constexpr int max_workers = 1024;

// UsageError unless 1 <= workers <= max_workers (teams and pools share this rule).
void check_workers(int workers);

struct Team {
  Backend backend = Backend::serial;
  int workers = 1;
};

// Validates: workers in [1, max_workers]; serial always has one worker. Throws UsageError.
Team make_team(Backend backend, int workers);

// Whether this build carries the MPI transport.
bool mpi_available() noexcept;

}  // namespace parkit
