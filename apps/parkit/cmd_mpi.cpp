// parkit mpi EXAMPLE: the tutorials' mpi4py examples (on MPI ranks by default).
#include <fmt/format.h>

#include "cli.hpp"
#include "mpi_build.hpp"
#include "parkit/workloads/mpi_examples.hpp"

namespace parkit::cli {

Command add_mpi(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "mpi",
      "The tutorials' MPI examples with their words and data, each checking its result "
      "(under mpirun -np N, or on --backend threads|processes); rank 0 prints every "
      "rank's lines, in rank order");
  auto name = std::make_shared<std::string>();
  auto team = std::make_shared<TeamOptions>();
  sub->add_option("EXAMPLE", *name,
                  "hello, then the lesson's string programs (send-strings .. scatter-strings), "
                  "then mpi4py's object and buffer (NumPy array) forms (sendrecv .. allreduce)")
      ->required()
      ->check(CLI::IsMember(workloads::mpi_example_names()));
  team->add_to(*sub, mpi_offered() ? "mpi" : "threads");
  return {sub, [name, team] {
            fmt::print("{}", workloads::mpi_example(team->team(), *name));
            return 0;
          }};
}

}  // namespace parkit::cli
