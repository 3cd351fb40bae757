// The light parkit's cluster and engine commands: listed in --help, but the light program hands
// them to parkit-mpi before parsing (mpi_build.hpp), which has the cluster (ZeroMQ). These run
// only when parkit-mpi is missing.
#include "cli.hpp"
#include "parkit/errors.hpp"

namespace parkit::cli {

namespace {
Command missing(CLI::App& app, const char* name, const char* what) {
  auto* sub = app.add_subcommand(name, what);
  sub->prefix_command();
  return {sub, [name]() -> int {
            throw UsageError(std::string(name) +
                             ": this parkit has no cluster (parkit-mpi, "
                             "beside it, has; it is missing)");
          }};
}
}  // namespace

Command add_cluster(CLI::App& app) {
  return missing(app, "cluster",
                 "engines that stay up behind a controller, driven by views (the tutorials' "
                 "ipyparallel): start, status, run, map, stop");
}

Command add_engine(CLI::App& app) {
  return missing(app, "engine", "run one engine of a cluster: parkit engine --connection FILE");
}

}  // namespace parkit::cli
