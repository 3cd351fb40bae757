#include <fmt/format.h>

#include "cli.hpp"
#include "parkit/clock.hpp"
#include "parkit/text/pyfloat.hpp"
#include "parkit/workloads/csvify.hpp"

namespace parkit::cli {

Command add_csvify(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "csvify", "the tutorials' threaded I/O: every DIR/*.dat to a .csv (spaces to commas)");
  struct Args {
    std::string dir;
    long long threads = 1, inflate = 1;
  };
  auto a = std::make_shared<Args>();
  sub->add_option("DIR", a->dir, "the folder of .dat files")->required();
  sub->add_option("--threads", a->threads, "1: one file after another; more: a ThreadPool")
      ->transform(int_in_range(1, max_workers))
      ->capture_default_str();
  sub->add_option("--inflate", a->inflate,
                  "repeat each line this many times (the tutorial's line *= 100)")
      ->transform(int_in_range(1, 1000000))
      ->capture_default_str();
  return {sub, [a] {
            Stopwatch w;
            std::size_t n = workloads::csvify_dir(a->dir, static_cast<int>(a->threads),
                                                  static_cast<std::size_t>(a->inflate));
            fmt::print("Read {} in {} seconds\n", n, text::python_repr(w.seconds()));
            return 0;
          }};
}

}  // namespace parkit::cli
