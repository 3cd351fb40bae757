#include <fmt/format.h>

#include "cli.hpp"
#include "parkit/errors.hpp"
#include "parkit/files.hpp"
#include "parkit/workloads/wordcount.hpp"

namespace parkit::cli {

Command add_wordcount(CLI::App& app) {
  auto* sub = app.add_subcommand("wordcount", "Count a book's words into a .dat table (word count percent)");
  struct Args {
    std::string book, out;
    int min_length = 1;
  };
  auto a = std::make_shared<Args>();
  sub->add_option("BOOK", a->book, "UTF-8 text")->required();
  sub->add_option("OUT", a->out, "the .dat file to write")->required();
  sub->add_option("MIN_LENGTH", a->min_length, "drop words shorter than this (code points)")
      ->check(int_in_range(1, 1000000))
      ->capture_default_str();
  return {sub, [a] {
            auto tokens = text::tokenize(read_file(a->book), a->book);
            if (tokens.seq.empty()) throw UsageError(fmt::format("{}: the book has no words", a->book));
            auto counts = workloads::count_words(tokens, static_cast<std::size_t>(a->min_length));
            write_file_atomic(a->out, workloads::format_counts(counts));
            return 0;
          }};
}

}  // namespace parkit::cli
