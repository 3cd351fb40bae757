#include <fmt/format.h>

#include "cli.hpp"
#include "parkit/errors.hpp"
#include "parkit/files.hpp"
#include "parkit/workloads/acf.hpp"
#include "parkit/workloads/wordcount.hpp"

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
            Team team = a->team.team();
            auto tokens = text::tokenize(read_file(a->book), a->book);
            if (tokens.seq.empty()) throw UsageError(fmt::format("{}: the book has no words", a->book));
            std::vector<std::string> top;
            for (const auto& c : workloads::read_counts(a->dat)) {
              if (top.size() == static_cast<std::size_t>(a->words)) break;
              top.push_back(c.word);
            }
            if (top.empty()) throw UsageError(fmt::format("{}: no counts in the file", a->dat));
            auto occ = workloads::occurrences(tokens, workloads::top_word_ids(tokens, top, a->dat));
            auto ave = workloads::average_acf(team, occ, static_cast<std::size_t>(a->timesteps));
            write_file_atomic(a->out, workloads::format_acf(ave));
            return 0;
          }};
}

}  // namespace parkit::cli
