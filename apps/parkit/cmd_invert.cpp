#include <fmt/format.h>

#include "cli.hpp"
#include "parkit/workloads/invert.hpp"

namespace parkit::cli {

Command add_invert(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "invert", "the tutorials' BLAS-threads lesson: invert a random SPD matrix with LAPACK");
  struct Args {
    long long size = 4000, threads = 0;
  };
  auto a = std::make_shared<Args>();
  sub->add_option("--size", a->size, "rows and columns of the matrix")
      ->transform(int_in_range(1, 1000000))
      ->capture_default_str();
  sub->add_option("--threads", a->threads,
                  "BLAS threads (default: OPENBLAS_NUM_THREADS or OMP_NUM_THREADS, else every "
                  "core)")
      ->transform(int_in_range(1, max_workers));
  return {sub, [a] {
            auto r =
                workloads::invert(static_cast<std::size_t>(a->size), static_cast<int>(a->threads));
            fmt::print("time spent for inverting A is {:.4f} s\n", r.seconds);
            fmt::print("residual ||A A^-1 - I|| / ||A|| = {:.3e}\n", r.residual);
            fmt::print("BLAS threads: {}\n", r.threads);
            return 0;
          }};
}

}  // namespace parkit::cli
