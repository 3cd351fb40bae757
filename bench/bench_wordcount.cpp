// Issue 13: the word count's phases on one book (default the corpus's largest, pg87), in
// process: the scan alone (for_each_word), the scan with interning (count_vocabulary), the whole
// count (sorted), and formatting. bench/wordcount.sh times the whole process against `wc -w`.
// Usage: bench_wordcount [--benchmark_...]   (PARKIT_BENCH_BOOK=path to use another book)
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

#include "parkit/files.hpp"
#include "parkit/text/words.hpp"
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
  for (auto _ : state) benchmark::DoNotOptimize(parkit::workloads::count_words(book(), "book"));
  bytes_processed(state);
}
BENCHMARK(BM_count_words)->Unit(benchmark::kMillisecond);

void BM_format_counts(benchmark::State& state) {
  auto counts = parkit::workloads::count_words(book(), "book");
  for (auto _ : state) benchmark::DoNotOptimize(parkit::workloads::format_counts(counts));
}
BENCHMARK(BM_format_counts)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
