#include <fmt/format.h>

#include "cli.hpp"
#include "parkit/clock.hpp"
#include "parkit/errors.hpp"
#include "parkit/run.hpp"
#include "parkit/text/pyfloat.hpp"
#include "parkit/workloads/corpus_files.hpp"

namespace parkit::cli {

Command add_acf(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "acf", "Average word autocorrelation of a book's most frequent words (parallel over words)");
  struct Args {
    std::string book, dat, out;
    int words = 16, timesteps = 100;
    std::string collect = "map";
    bool verbose = false;
    TeamOptions team;
  };
  auto a = std::make_shared<Args>();
  sub->add_option("BOOK", a->book, "UTF-8 text")->required();
  sub->add_option("DAT", a->dat, "its counts (parkit wordcount)")->required();
  sub->add_option("OUT", a->out, "the CSV to write")->required();
  sub->add_option("--words", a->words, "how many of the most frequent words")
      ->transform(int_in_range(1, 100000))
      ->capture_default_str();
  sub->add_option("--timesteps", a->timesteps, "lags 0..T-1")
      ->transform(int_in_range(1, 1000000))
      ->capture_default_str();
  auto* collect =
      sub->add_option("--collect", a->collect,
                      "how rank 0 gets the per-word ACFs: map (parkit's scheduling), or the "
                      "tutorials' MPI programs: p2p (send/recv) or gather; same bits either way")
          ->check(CLI::IsMember({"map", "p2p", "gather"}))
          ->capture_default_str();
  sub->add_flag("--verbose", a->verbose,
                "say how the words are split among the ranks, as the tutorial's MPI program does "
                "('My rank number is r and first, last = f, l'); implies --collect gather");
  a->team.add_to(*sub);
  return {sub, [a, collect] {
            if (a->verbose && collect->count() == 0) a->collect = "gather";
            if (a->verbose && a->collect == "map")
              throw UsageError(
                  "acf: --verbose reports the tutorial's block split of the words, which "
                  "--collect map does not use (use --collect gather or p2p)");
            Team t = a->team.team();
            Stopwatch w;
            workloads::acf_file(
                a->book, a->dat, a->out, static_cast<std::size_t>(a->words),
                static_cast<std::size_t>(a->timesteps), t, workloads::parse_acf_collect(a->collect),
                a->verbose ? [](const std::string& lines) { fmt::print("{}", lines); }
                           : std::function<void(const std::string&)>{});
            // The tutorial's script prints its time like this.
            if (leads(t))
              fmt::print("{} time: {}\n", t.backend == Backend::serial ? "serial" : "parallel",
                         text::python_repr(w.seconds()));
            return 0;
          }};
}

}  // namespace parkit::cli
