#include <fmt/format.h>

#include "cli.hpp"
#include "parkit/workloads/make_corpus.hpp"

namespace parkit::cli {

Command add_make_corpus(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "make-corpus",
      "Write a deterministic synthetic corpus (Zipf words, punctuation, CRLF, Unicode)");
  struct Args {
    std::string dir;
    int books = 16, words = 200000;
    long long seed = 1;
  };
  auto a = std::make_shared<Args>();
  sub->add_option("DIR", a->dir, "directory to write book01.txt ... into")->required();
  sub->add_option("--books", a->books, "how many books")
      ->transform(int_in_range(1, 10000))
      ->capture_default_str();
  sub->add_option("--words", a->words, "words per book")
      ->transform(int_in_range(1, 100000000))
      ->capture_default_str();
  add_seed_option(*sub, a->seed, "the same seed gives the same bytes");
  return {sub, [a] {
            auto paths = workloads::make_corpus(a->dir, static_cast<std::size_t>(a->books),
                                                static_cast<std::size_t>(a->words),
                                                static_cast<std::uint64_t>(a->seed));
            fmt::print("wrote {} books of {} words to {}\n", paths.size(), a->words, a->dir);
            return 0;
          }};
}

}  // namespace parkit::cli
