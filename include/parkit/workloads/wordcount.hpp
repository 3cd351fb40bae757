// The word-count system's tables: counts (.dat files) and the Zipf table.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "parkit/text/words.hpp"

namespace parkit::workloads {

struct WordCount {
  std::string word;
  std::uint64_t count = 0;
  double percent = 0;
};

// Counts sorted by decreasing count; equal counts keep first-appearance order. Words shorter
// than min_length code points are dropped before percentages are computed.
std::vector<WordCount> count_words(const text::Tokens& tokens, std::size_t min_length = 1);
// The same straight from UTF-8 text, without keeping the word sequence. UsageError for invalid
// UTF-8 (naming origin and offset); a text without words has no counts (the reference program
// writes an empty file for it; zipf and acf then refuse the empty file).
// With threads > 1, a text of more than a megabyte is cut between words into that many pieces,
// counted on as many threads and merged: the same counts in the same order. `scanned` is told
// of each stretch of the text the count is done with (text::ScannedStretch; from the counting
// threads, at once, for different stretches).
std::vector<WordCount> count_words(std::string_view utf8, std::string_view origin,
                                   std::size_t min_length = 1, int threads = 1,
                                   const text::ScannedStretch& scanned = {});

// The .dat text: "word count percent" per line, percent as Python's repr(float).
std::string format_counts(const std::vector<WordCount>& counts);
// Where write_counts puts a .dat, a piece at a time, in order.
using CountsSink = std::function<void(std::string_view)>;
// format_counts(count_words(...)) handed to `sink` in pieces of about 64 kB, without the copy of
// every word in between nor the whole .dat in memory (what wordcount writes: a big book's
// counts in about half the memory).
void write_counts(std::string_view utf8, std::string_view origin, std::size_t min_length,
                  int threads, const text::ScannedStretch& scanned, const CountsSink& sink);

// Reads a .dat file (lines starting with '#' are skipped). UsageError names file and line.
// Every line is checked; only the first `keep` entries are returned (acf and zipf use a few).
std::vector<WordCount> read_counts(const std::string& path, std::size_t keep = SIZE_MAX);
// The same from the text of one; `origin` names it in errors.
std::vector<WordCount> parse_counts(std::string_view text, std::string_view origin,
                                    std::size_t keep = SIZE_MAX);

// The Zipf table: header "Book,word1,...,wordN", then each book's name and top-N counts. With
// fit, a last column holds the exponent a of count ~ rank^-a fitted by least squares on logs.
struct ZipfRow {
  std::string book;
  std::vector<std::uint64_t> top;
};
std::string format_zipf(std::size_t n, const std::vector<ZipfRow>& rows, bool fit);
double zipf_exponent(const std::vector<std::uint64_t>& counts);

// The book's name as the tables show it: file name without directory and extension.
std::string book_name(const std::string& path);

}  // namespace parkit::workloads
