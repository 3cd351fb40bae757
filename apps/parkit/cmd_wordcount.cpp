#include <malloc.h>

#include "cli.hpp"
#include "parkit/team.hpp"
#include "parkit/workloads/corpus_files.hpp"

namespace parkit::cli {

Command add_wordcount(CLI::App& app) {
  auto* sub = app.add_subcommand("wordcount",
                                 "Count a book's words into a .dat table (word count percent)");
  struct Args {
    std::string book, out = "-";
    int min_length = 1;
    int threads = hardware_workers();
  };
  auto a = std::make_shared<Args>();
  sub->add_option("BOOK", a->book, "UTF-8 text")->required();
  sub->add_option("OUT", a->out, "the .dat file to write; - or none: standard output")
      ->default_str("-");
  sub->add_option("MIN_LENGTH", a->min_length, "drop words shorter than this (code points)")
      ->transform(int_in_range(1, 1000000))
      ->capture_default_str();
  sub->add_option("--threads", a->threads,
                  "threads to count a book of more than 1 MB on (the same output for any number)")
      ->transform(int_in_range(1, 64))
      ->capture_default_str();
  return {sub, [a] {
            // One malloc arena: the counting thread's vocabulary is then freed into memory the
            // merge reuses, instead of into an arena of its own (peak RSS on pg87 on 2 threads
            // 8.4 -> 7.7 MB; the thread allocates once per distinct word, never in a hot loop).
            ::mallopt(M_ARENA_MAX, 1);  // NOLINT(concurrency-mt-unsafe): before the count's threads
            workloads::wordcount_file(a->book, a->out, static_cast<std::size_t>(a->min_length),
                                      a->threads);
            return 0;
          }};
}

}  // namespace parkit::cli
