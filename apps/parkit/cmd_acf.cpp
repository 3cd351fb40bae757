#include "cli.hpp"
#include "parkit/workloads/corpus_files.hpp"

namespace parkit::cli {

Command add_acf(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "acf", "Average word autocorrelation of a book's most frequent words (parallel over words)");
  struct Args {
    std::string book, dat, out;
    int words = 16, timesteps = 100;
    TeamOptions team;
  };
  auto a = std::make_shared<Args>();
  sub->add_option("BOOK", a->book, "UTF-8 text")->required();
  sub->add_option("DAT", a->dat, "its counts (parkit wordcount)")->required();
  sub->add_option("OUT", a->out, "the CSV to write")->required();
  sub->add_option("--words", a->words, "how many of the most frequent words")
      ->check(int_in_range(1, 100000))
      ->capture_default_str();
  sub->add_option("--timesteps", a->timesteps, "lags 0..T-1")
      ->check(int_in_range(1, 1000000))
      ->capture_default_str();
  a->team.add_to(*sub);
  return {sub, [a] {
            workloads::acf_file(a->book, a->dat, a->out, static_cast<std::size_t>(a->words),
                                static_cast<std::size_t>(a->timesteps), a->team.team());
            return 0;
          }};
}

}  // namespace parkit::cli
