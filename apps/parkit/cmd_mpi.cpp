// parkit mpi EXAMPLE: the tutorials' mpi4py examples (on MPI ranks by default).
#include <fmt/format.h>

#include "cli.hpp"
#include "parkit/workloads/mpi_examples.hpp"

namespace parkit::cli {

Command add_mpi(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "mpi",
      "The tutorials' MPI examples, each checking its result: hello, sendrecv, bcast, "
      "scatter, gather, reduce, allreduce (run under mpirun -np N)");
  auto name = std::make_shared<std::string>();
  auto team = std::make_shared<TeamOptions>();
  sub->add_option("EXAMPLE", *name, "hello|sendrecv|bcast|scatter|gather|reduce|allreduce")
      ->required()
      ->check(CLI::IsMember(workloads::mpi_example_names()));
  team->add_to(*sub, mpi_available() ? "mpi" : "threads");
  return {sub, [name, team] {
            fmt::print("{}", workloads::mpi_example(team->team(), *name));
            return 0;
          }};
}

}  // namespace parkit::cli
