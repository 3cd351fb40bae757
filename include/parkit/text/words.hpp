// Text as the tutorials' word-count project sees it (../shared/corpus/README.md): UTF-8, split
// on Python's str.split() whitespace and on the ASCII delimiters . , ; : ? $ @ ^ < > # % ` ! * -
// = ( ) [ ] { } / " ', each word lowercased as Python's str.lower() does.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace parkit::text {

// A tokenised text with its words interned.
struct Tokens {
  std::vector<std::string> vocab;  // distinct words, in order of first appearance
  std::vector<std::uint32_t> seq;  // the text, one vocab index per word
};

// Throws UsageError naming `origin` and the byte offset of invalid UTF-8.
Tokens tokenize(std::string_view utf8, std::string_view origin);

// Python's str.lower() of one word given as valid UTF-8 (full mapping: İ becomes i + U+0307,
// and Σ becomes ς at the end of a word).
std::string python_lower(std::string_view word);

// Python's str.isspace() for one code point.
bool python_isspace(char32_t cp);

// Number of code points in valid UTF-8 (Python's len()).
std::size_t code_points(std::string_view utf8);

}  // namespace parkit::text
