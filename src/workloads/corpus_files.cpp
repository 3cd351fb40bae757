#include "parkit/workloads/corpus_files.hpp"

#include <optional>

#include <fmt/format.h>

#include "parkit/errors.hpp"
#include "parkit/files.hpp"
#include "parkit/run.hpp"
#include "parkit/workloads/acf.hpp"
#include "parkit/workloads/wordcount.hpp"

namespace parkit::workloads {

namespace {
// The counts of a .dat file, the n most frequent (all of it is still checked); a UsageError
// when it has none (the reference wordcount writes an empty file for a book without words, and
// so does ours).
std::vector<WordCount> first_counts(const std::string& dat, std::size_t n) {
  auto first = read_counts(dat, n);
  if (first.empty())
    throw UsageError(fmt::format("{}: no counts in the file (its book has no words)", dat));
  return first;
}
}  // namespace

void wordcount_file(const std::string& book, const std::string& out, std::size_t min_length,
                    int threads) {
  MappedFile text(book);
  auto release = [&text](std::string_view done) { text.release(done); };
  if (out == "-") {
    write_counts(text.view(), book, min_length, threads, release, write_stdout);
    return;
  }
  // Opened at the first piece, when the book is counted: a bad book makes no temporary file.
  std::optional<AtomicOutput> dat;
  write_counts(text.view(), book, min_length, threads, release, [&](std::string_view piece) {
    if (!dat) dat.emplace(out);
    dat->write(piece);
  });
  if (!dat) dat.emplace(out);  // a book without words: an empty .dat, as the reference writes
  dat->commit();
}

std::string zipf_table(std::size_t n, const std::vector<std::string>& dats, bool fit) {
  std::vector<ZipfRow> rows;
  for (const auto& d : dats) {
    ZipfRow row{book_name(d), {}};
    for (const auto& c : first_counts(d, n)) row.top.push_back(c.count);
    rows.push_back(std::move(row));
  }
  return format_zipf(n, rows, fit);
}

void acf_file(const std::string& book, const std::string& dat, const std::string& out,
              std::size_t words, std::size_t timesteps, const Team& team, AcfCollect collect,
              const std::function<void(const std::string&)>& report) {
  MappedFile text(book);
  std::vector<std::string> top;
  for (auto& c : first_counts(dat, words)) top.push_back(std::move(c.word));
  auto occ = find_occurrences(text.view(), book, top, dat,
                              [&text](std::string_view done) { text.release(done); });
  auto ave = run(team, [&](Comm& c) {
    if (report) {
      std::string lines = block_split_report(c, occ.size());
      if (c.rank() == 0) report(lines);
    }
    return average_acf(c, occ, timesteps, collect);
  });
  if (leads(team)) write_file_atomic(out, format_acf(ave));  // one writer under mpirun
}

}  // namespace parkit::workloads
