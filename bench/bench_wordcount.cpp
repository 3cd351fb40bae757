// Issue 13: the word count's phases on one book (default the corpus's largest, pg87), in
// process: the scan alone (for_each_word), the scan with interning (count_vocabulary), the whole
// count (sorted) on 1 and 2 threads, and formatting; then the ACFs of all 61 reference books
// (16 words x 100 lags each, the occurrence search included, counts precomputed) serially and
// over books on 2 threads. bench/limits.sh times whole processes against `wc -w`.
// Usage: bench_wordcount [--benchmark_...]   (PARKIT_BENCH_BOOK=path to use another book)
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "parkit/files.hpp"
#include "parkit/map.hpp"
#include "parkit/text/words.hpp"
#include "parkit/workloads/acf.hpp"
#include "parkit/workloads/wordcount.hpp"

namespace {

const std::string& book() {
  static const std::string text = [] {
    const char* path = std::getenv("PARKIT_BENCH_BOOK");  // NOLINT(concurrency-mt-unsafe)
    return parkit::read_file(path ? path : PARKIT_SOURCE_DIR "/../shared/corpus/books/pg87.txt");
  }();
  return text;
}

void bytes_processed(benchmark::State& state) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(book().size()));
}

void BM_scan(benchmark::State& state) {
  for (auto _ : state) {
    std::size_t n = 0;
    parkit::text::for_each_word(book(), "book", [&](std::string_view w) { n += w.size(); });
    benchmark::DoNotOptimize(n);
  }
  bytes_processed(state);
}
BENCHMARK(BM_scan)->Unit(benchmark::kMillisecond);

void BM_count_vocabulary(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(parkit::text::count_vocabulary(book(), "book"));
  bytes_processed(state);
}
BENCHMARK(BM_count_vocabulary)->Unit(benchmark::kMillisecond);

void BM_count_words(benchmark::State& state) {
  const auto threads = static_cast<int>(state.range(0));
  for (auto _ : state)
    benchmark::DoNotOptimize(parkit::workloads::count_words(book(), "book", 1, threads));
  bytes_processed(state);
}
BENCHMARK(BM_count_words)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_format_counts(benchmark::State& state) {
  auto counts = parkit::workloads::count_words(book(), "book");
  for (auto _ : state) benchmark::DoNotOptimize(parkit::workloads::format_counts(counts));
}
BENCHMARK(BM_format_counts)->Unit(benchmark::kMillisecond);

// The 61 books and their 16 most frequent words.
struct CorpusBook {
  std::string text;
  std::vector<std::string> top;
};
const std::vector<CorpusBook>& corpus() {
  static const std::vector<CorpusBook> books = [] {
    std::vector<CorpusBook> out;
    for (const auto& e :
         std::filesystem::directory_iterator(PARKIT_SOURCE_DIR "/../shared/corpus/books")) {
      CorpusBook b{parkit::read_file(e.path()), {}};
      auto counts = parkit::workloads::count_words(b.text, "book");
      for (std::size_t k = 0; k < 16 && k < counts.size(); ++k) b.top.push_back(counts[k].word);
      out.push_back(std::move(b));
    }
    return out;
  }();
  return books;
}

double book_acf(const CorpusBook& b) {
  auto occ = parkit::workloads::find_occurrences(b.text, "book", b.top, "counts");
  parkit::Team serial;
  return parkit::workloads::average_acf(serial, occ, 100)[1];
}

// arg 0: serially; arg 2: over books on a threads team of 2 (its start included).
void BM_acf_corpus(benchmark::State& state) {
  const auto workers = static_cast<int>(state.range(0));
  const auto& books = corpus();
  for (auto _ : state) {
    if (workers == 0) {
      double sum = 0;
      for (const auto& b : books) sum += book_acf(b);
      benchmark::DoNotOptimize(sum);
    } else {
      auto team = parkit::make_team(parkit::Backend::threads, workers);
      benchmark::DoNotOptimize(
          parkit::map(team, books.size(), [&](std::size_t k) { return book_acf(books[k]); }));
    }
  }
  state.SetLabel(workers == 0 ? "61 books, serial" : "61 books, threads team of 2");
}
BENCHMARK(BM_acf_corpus)->Arg(0)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
