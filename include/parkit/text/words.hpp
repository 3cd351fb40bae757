// Text as the tutorials' word-count project sees it (../shared/corpus/README.md): UTF-8, split
// on Python's str.split() whitespace and on the ASCII delimiters . , ; : ? $ @ ^ < > # % ` ! * -
// = ( ) [ ] { } / " ', each word lowercased as Python's str.lower() does.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parkit::text {

// A tokenised text with its words interned.
struct Tokens {
  std::vector<std::string> vocab;  // distinct words, in order of first appearance
  std::vector<std::uint32_t> seq;  // the text, one vocab index per word
};

// Throws UsageError naming `origin` and the byte offset of invalid UTF-8.
Tokens tokenize(std::string_view utf8, std::string_view origin);

// Distinct words in order of first appearance, with how often each occurs.
struct Vocabulary {
  std::vector<std::string> words;
  std::vector<std::uint64_t> counts;
};
Vocabulary count_vocabulary(std::string_view utf8, std::string_view origin);

// The scan behind tokenize: calls on_word(lowercased word) for each word, in order, without
// building a vocabulary (for callers that look for a few words only).
template <class OnWord>
void for_each_word(std::string_view utf8, std::string_view origin, OnWord&& on_word);

// A fast hash of a word (what the tokeniser's tables use).
std::uint64_t word_hash(std::string_view w) noexcept;

// Python's str.lower() of one word given as valid UTF-8 (full mapping: İ becomes i + U+0307,
// and Σ becomes ς at the end of a word).
std::string python_lower(std::string_view word);

// Python's str.isspace() for one code point.
bool python_isspace(char32_t cp);

// Number of code points in valid UTF-8 (Python's len()).
std::size_t code_points(std::string_view utf8);

namespace detail {
// ASCII bytes: 1 if they separate words (whitespace or a delimiter).
extern const bool ascii_separator[128];
// Decodes the code point at text[i]; throws UsageError naming origin and offset if invalid.
std::pair<char32_t, std::size_t> decode_at(std::string_view text, std::size_t i,
                                           std::string_view origin);
}  // namespace detail

template <class OnWord>
void for_each_word(std::string_view text, std::string_view origin, OnWord&& on_word) {
  auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::string lowered;
  std::size_t i = 0;
  while (i < n) {
    // Skip separators.
    while (i < n) {
      unsigned char b = bytes[i];
      if (b < 0x80) {
        if (!detail::ascii_separator[b]) break;
        ++i;
        continue;
      }
      auto [cp, len] = detail::decode_at(text, i, origin);
      if (!python_isspace(cp)) break;
      i += len;
    }
    if (i >= n) break;
    // Find the word's end, noting whether it has upper-case ASCII or any non-ASCII.
    std::size_t start = i;
    bool ascii = true, upper = false;
    while (i < n) {
      unsigned char b = bytes[i];
      if (b < 0x80) {
        if (detail::ascii_separator[b]) break;
        upper |= b >= 'A' && b <= 'Z';
        ++i;
        continue;
      }
      auto [cp, len] = detail::decode_at(text, i, origin);
      if (python_isspace(cp)) break;
      ascii = false;
      i += len;
    }
    std::string_view word = text.substr(start, i - start);
    if (!ascii) {
      lowered = python_lower(word);
      word = lowered;
    } else if (upper) {
      lowered.assign(word);
      for (char& c : lowered)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
      word = lowered;
    }
    on_word(word);
  }
}

}  // namespace parkit::text
