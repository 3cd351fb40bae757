// A deterministic synthetic corpus, so the main job and the tests have books on a fresh machine:
// Zipf-distributed words with punctuation, CRLF line ends and Unicode (accented and upper-case
// non-ASCII words, curly quotes, apostrophes, em dashes, no-break spaces).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace parkit::workloads {

// The text of book `index` (0-based) of the corpus with this seed.
std::string synthetic_book(std::uint64_t seed, std::size_t index, std::size_t words);

// Writes DIR/book01.txt ... (creating DIR); returns the paths written.
std::vector<std::string> make_corpus(const std::string& dir, std::size_t books, std::size_t words,
                                     std::uint64_t seed);

}  // namespace parkit::workloads
