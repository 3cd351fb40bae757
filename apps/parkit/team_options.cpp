#include <fmt/format.h>

#include <cstdio>

#include "cli.hpp"
#include "mpi_build.hpp"
#include "parkit/errors.hpp"
#include "parkit/mpi.hpp"
#include "parkit/progress.hpp"
#include "parkit/run.hpp"

namespace parkit::cli {

CLI::Validator int_in_range(long long lo, long long hi) {
  return CLI::Validator(
      [lo, hi](std::string& v) -> std::string {
        long long x = 0;
        std::size_t used = 0;
        try {
          x = std::stoll(v, &used);
        } catch (const std::exception&) {
          used = 0;
        }
        if (used == 0 || used != v.size())
          return fmt::format("expected a whole number, got '{}'", v);
        if (x < lo || x > hi) return fmt::format("must be between {} and {}, got {}", lo, hi, x);
        // What CLI11 converts next is the number as checked: it would read "010" as octal 8
        // (found by fuzz_cli_numbers).
        v = std::to_string(x);
        return {};
      },
      fmt::format("INT in [{}, {}]", lo, hi));
}

void TeamOptions::add_to(CLI::App& app, const std::string& default_backend,
                         const std::string& workers_names, const std::string& workers_help) {
  backend = default_backend;
  app.add_option("--backend", backend,
                 mpi_offered()
                     ? "serial, threads, processes or mpi (mpi: start with mpirun -np N; the "
                       "ranks are the team and --workers is ignored)"
                     : "serial, threads or processes (this build has no MPI)")
      ->check(CLI::IsMember({"serial", "threads", "processes", "mpi"}))
      ->capture_default_str();
  app.add_option(workers_names, workers,
                 fmt::format("{} (1..{}; default: the {} cores here)", workers_help, max_workers,
                             hardware_workers()))
      ->transform(int_in_range(1, max_workers));
  app.add_flag("--no-progress", no_progress,
               "no progress line on stderr (there is none unless stderr is a terminal)");
}

CLI::Option* add_seed_option(CLI::App& app, long long& seed, const std::string& help) {
  return app.add_option("--seed", seed, help)
      ->transform(int_in_range(0, 1LL << 62))
      ->capture_default_str();
}

std::vector<long long> int_list(const std::string& option, const std::string& text, long long lo,
                                long long hi) {
  std::vector<long long> out;
  auto check = int_in_range(lo, hi);
  std::size_t begin = 0;
  while (true) {
    std::size_t end = text.find(',', begin);
    std::string item = text.substr(begin, end == std::string::npos ? end : end - begin);
    if (item.empty())
      throw UsageError(
          fmt::format("{}: an empty item in '{}' (write e.g. 10,20,30)", option, text));
    std::string err = check(item);  // rewrites item as the decimal it checked
    if (!err.empty()) throw UsageError(fmt::format("{}: {}", option, err));
    out.push_back(std::stoll(item));
    if (end == std::string::npos) return out;
    begin = end + 1;
  }
}

Team TeamOptions::team() const {
  // Decided here, in the process that parsed the command line, before any worker is forked: a
  // worker that ran a pattern of its own must not decide (and draw) for itself.
  if (no_progress)
    Progress::set_enabled(false);
  else
    (void)Progress::enabled();
  Backend b = parse_backend(backend);
  if (b != Backend::mpi) {
    if (mpi::launched())
      std::fprintf(stderr,
                   "parkit: note: started by an MPI launcher with --backend %s: every "
                   "rank runs the whole job alone (use --backend mpi)\n",
                   backend.c_str());
    return make_team(b, workers);
  }
  Team t = make_team(b, 1);  // says so when this build has no MPI
  t.workers = mpi::world_size();
  // Every rank runs the command; rank 0 speaks for the team.
  if (!leads(t) && !std::freopen("/dev/null", "w", stdout))
    throw Error("cannot silence the output of MPI ranks other than 0");
  return t;
}

}  // namespace parkit::cli
