#include <fmt/format.h>

#include "cli.hpp"
#include "parkit/workloads/corpus_files.hpp"

namespace parkit::cli {

Command add_zipf(CLI::App& app) {
  auto* sub =
      app.add_subcommand("zipf", "Each book's N largest word counts as CSV (Zipf's law test)");
  struct Args {
    int n = 10;
    std::vector<std::string> dats;
    bool fit = false;
  };
  auto a = std::make_shared<Args>();
  sub->add_option("N", a->n, "counts per book")->required()->transform(int_in_range(1, 1000000));
  sub->add_option("DAT", a->dats, ".dat files, in the order to print them")->required();
  sub->add_flag("--fit", a->fit,
                "append the exponent a of count ~ rank^-a (least squares on logs)");
  return {sub, [a] {
            fmt::print("{}",
                       workloads::zipf_table(static_cast<std::size_t>(a->n), a->dats, a->fit));
            return 0;
          }};
}

}  // namespace parkit::cli
