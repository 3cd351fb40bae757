// Text as the tutorials' word-count project sees it (../shared/corpus/README.md): UTF-8, split
// on Python's str.split() whitespace and on the ASCII delimiters . , ; : ? $ @ ^ < > # % ` ! * -
// = ( ) [ ] { } / " ', each word lowercased as Python's str.lower() does.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
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

// Words stored end to end in one buffer: a big book's vocabulary in about 12 bytes a word (its
// bytes and where it ends), where a std::string each takes 32 and a heap block for a long one.
// Up to 4 GiB of distinct words' bytes (UsageError beyond).
class WordList {
 public:
  std::size_t size() const noexcept { return ends_.size(); }
  bool empty() const noexcept { return ends_.empty(); }
  std::string_view operator[](std::size_t i) const noexcept {
    const std::size_t begin = i == 0 ? 0 : ends_[i - 1];
    return {chars_.data() + begin, ends_[i] - begin};
  }
  void emplace_back(std::string_view w) {
    if (chars_.size() + w.size() > UINT32_MAX) too_long();
    chars_.append(w);
    ends_.push_back(static_cast<std::uint32_t>(chars_.size()));
  }
  // Room for about `words` words (of the 8 bytes a word most books average).
  void reserve(std::size_t words) {
    ends_.reserve(words);
    chars_.reserve(8 * words);
  }
  bool operator==(const WordList&) const = default;

 private:
  [[noreturn]] static void too_long();
  std::string chars_;
  std::vector<std::uint32_t> ends_;
};

// Distinct words in order of first appearance, with how often each occurs.
struct Vocabulary {
  WordList words;
  std::vector<std::uint64_t> counts;
};
// Told of each stretch of the text the scan is done with (in order; together all of it): a
// caller that mapped the text can drop those pages (MappedFile::release) and so never holds
// more than a stretch of a big book in memory.
using ScannedStretch = std::function<void(std::string_view)>;
// The bytes of text a scan reads between two calls of a ScannedStretch.
inline constexpr std::size_t kStretchBytes = 64 << 10;

// `offset`: where utf8 starts in the file it came from (for the offsets errors name).
Vocabulary count_vocabulary(std::string_view utf8, std::string_view origin, std::size_t offset = 0,
                            const ScannedStretch& scanned = {});

// Up to `parts` consecutive pieces of utf8 that together are all of it, each cut just after an
// ASCII separator, so no word spans two pieces (fewer pieces where no separator is found).
std::vector<std::string_view> split_between_words(std::string_view utf8, std::size_t parts);
// The position of the first ASCII separator at or after `at` (utf8.size() if none): a cut just
// after it splits no word (and no UTF-8 character).
std::size_t next_ascii_separator(std::string_view utf8, std::size_t at) noexcept;

// for_each_word over the text a stretch of about kStretchBytes at a time (cut between words),
// calling scanned(stretch) after each when it is given.
template <class OnWord>
void for_each_word_by_stretch(std::string_view utf8, std::string_view origin, OnWord&& on_word,
                              std::size_t offset, const ScannedStretch& scanned);

// The vocabularies of consecutive pieces of one text as one: words in order of first
// appearance in the whole text, their counts summed (what count_vocabulary gives for it).
Vocabulary merge_vocabularies(std::vector<Vocabulary> pieces);

// The scan behind tokenize: calls on_word(lowercased word) for each word, in order, without
// building a vocabulary (for callers that look for a few words only).
template <class OnWord>
void for_each_word(std::string_view utf8, std::string_view origin, OnWord&& on_word,
                   std::size_t offset = 0);

// A fast hash of a word (what the tokeniser's tables use; defined below, inline).
std::uint64_t word_hash(std::string_view w) noexcept;

// Python's str.lower() of one word given as valid UTF-8 (full mapping: İ becomes i + U+0307,
// and Σ becomes ς at the end of a word).
std::string python_lower(std::string_view word);

// Python's str.isspace() for one code point.
bool python_isspace(char32_t cp);

// Number of code points in valid UTF-8 (Python's len()).
std::size_t code_points(std::string_view utf8);

namespace detail {
// The first min(8, size) bytes of w as a little-endian integer, zero-padded, reading only
// inside w (overlapping loads instead of a call to memcpy for the odd lengths).
inline std::uint64_t first8(std::string_view w) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(w.data());
  const std::size_t n = w.size();
  if (n >= 8) {
    std::uint64_t x;
    std::memcpy(&x, p, 8);
    return x;
  }
  if (n >= 4) {
    std::uint32_t lo, hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    return lo | (std::uint64_t{hi} << (8 * (n - 4)));
  }
  if (n == 0) return 0;
  return p[0] | (std::uint64_t{p[n / 2]} << (8 * (n / 2))) |
         (std::uint64_t{p[n - 1]} << (8 * (n - 1)));
}
// ASCII bytes: 1 if they separate words (whitespace or a delimiter).
extern const bool ascii_separator[128];

// 64 bytes classified at once, one bit a byte: sep = ASCII separator, high = a byte of a
// non-ASCII character, upper = 'A'..'Z'. AVX2 where the CPU has it, else a table loop.
struct ByteMasks {
  std::uint64_t sep, high, upper;
};
ByteMasks classify64(const unsigned char* p) noexcept;
// The portable classification (a table a byte), what classify64 falls back to.
ByteMasks classify64_table(const unsigned char* p) noexcept;

// Finds word boundaries 64 bytes at a time: the classification of the 64-byte chunk in use is
// kept, so each byte is classified once and a word costs a few bit scans.
class ChunkScanner {
 public:
  explicit ChunkScanner(std::string_view text) noexcept
      : p_(reinterpret_cast<const unsigned char*>(text.data())), n_(text.size()) {}
  // The first position >= i that is not an ASCII separator (n if none).
  std::size_t skip_separators(std::size_t i) noexcept {
    while (i < n_) {
      load(i);
      if (std::uint64_t m = ~m_.sep >> (i - base_)) return std::min(n_, i + ctz(m));
      i = base_ + 64;
    }
    return n_;
  }
  // The first position >= i that is an ASCII separator or a non-ASCII byte (n if none); sets
  // `upper` if a byte of [i, that position) is 'A'..'Z'.
  std::size_t next_stop(std::size_t i, bool& upper) noexcept {
    while (i < n_) {
      load(i);
      const std::size_t off = i - base_;
      const std::uint64_t ups = m_.upper >> off;
      if (std::uint64_t m = (m_.sep | m_.high) >> off) {
        const unsigned k = ctz(m);
        upper |= (ups & ((std::uint64_t{1} << k) - 1)) != 0;
        return std::min(n_, i + k);
      }
      upper |= ups != 0;
      i = base_ + 64;
    }
    return n_;
  }

 private:
  static unsigned ctz(std::uint64_t m) noexcept {
    return static_cast<unsigned>(__builtin_ctzll(m));
  }
  void load(std::size_t i) noexcept {
    const std::size_t base = i & ~std::size_t{63};
    if (base == base_) return;
    base_ = base;
    if (base + 64 <= n_) {
      m_ = classify64(p_ + base);
    } else {  // the last chunk: padded with spaces (separators)
      unsigned char tail[64];
      std::memset(tail, ' ', sizeof tail);
      std::memcpy(tail, p_ + base, n_ - base);
      m_ = classify64(tail);
    }
  }
  const unsigned char* p_;
  std::size_t n_;
  std::size_t base_ = ~std::size_t{0};
  ByteMasks m_{};
};
// Decodes the code point at text[i]; throws UsageError naming origin and offset + i if invalid.
std::pair<char32_t, std::size_t> decode_at(std::string_view text, std::size_t i,
                                           std::string_view origin, std::size_t offset = 0);
}  // namespace detail

namespace detail {
// wyhash's mix: the two halves of a 128-bit product, folded (every output bit depends on every
// input bit).
__extension__ using u128 = unsigned __int128;  // GCC's and Clang's, on 64-bit targets
inline std::uint64_t mum(std::uint64_t a, std::uint64_t b) noexcept {
  const u128 p = static_cast<u128>(a) * b;
  return static_cast<std::uint64_t>(p) ^ static_cast<std::uint64_t>(p >> 64);
}
}  // namespace detail

// Most words are short: one 128-bit multiply for the first 8 bytes and the length, one more per
// further 8 (the last 8-byte load overlapping the one before).
inline std::uint64_t word_hash(std::string_view w) noexcept {
  std::uint64_t h =
      detail::mum(detail::first8(w) ^ 0xa0761d6478bd642full, w.size() ^ 0xe7037ed1a0b428dbull);
  if (w.size() > 8) {
    const char* p = w.data();
    std::uint64_t x;
    for (std::size_t i = 8; i + 8 < w.size(); i += 8) {
      std::memcpy(&x, p + i, 8);
      h = detail::mum(x ^ 0x8ebc6af09c88c6e3ull, h ^ 0x589965cc75374cc3ull);
    }
    std::memcpy(&x, p + w.size() - 8, 8);
    h = detail::mum(x ^ 0x8ebc6af09c88c6e3ull, h ^ 0x589965cc75374cc3ull);
  }
  return h;
}

template <class OnWord>
void for_each_word(std::string_view text, std::string_view origin, OnWord&& on_word,
                   std::size_t offset) {
  auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  detail::ChunkScanner scan(text);
  std::string lowered;
  char small[64];
  std::size_t i = 0;
  while (true) {
    // Skip separators: the ASCII ones by bit scans, a non-ASCII one by decoding it.
    i = scan.skip_separators(i);
    if (i >= n) break;
    if (bytes[i] >= 0x80) {
      auto [cp, len] = detail::decode_at(text, i, origin, offset);
      if (python_isspace(cp)) {
        i += len;
        continue;
      }
    }
    // The word runs to the next ASCII separator or non-ASCII space.
    const std::size_t start = i;
    bool ascii = true, upper = false;
    while (true) {
      i = scan.next_stop(i, upper);
      if (i >= n || bytes[i] < 0x80) break;
      auto [cp, len] = detail::decode_at(text, i, origin, offset);
      if (python_isspace(cp)) break;
      ascii = false;
      i += len;
    }
    std::string_view word = text.substr(start, i - start);
    if (!ascii) {
      lowered = python_lower(word);
      word = lowered;
    } else if (upper) {
      // Most words fit the stack buffer: no call to memcpy, a branch-free loop.
      const std::size_t len = word.size();
      char* out = len <= sizeof small ? small : (lowered.resize(len), lowered.data());
      for (std::size_t k = 0; k < len; ++k) {
        const auto c = static_cast<unsigned char>(word[k]);
        out[k] = static_cast<char>(c | (static_cast<unsigned char>(c - 'A') < 26 ? 0x20 : 0));
      }
      word = std::string_view(out, len);
    }
    on_word(word);
  }
}

template <class OnWord>
void for_each_word_by_stretch(std::string_view utf8, std::string_view origin, OnWord&& on_word,
                              std::size_t offset, const ScannedStretch& scanned) {
  if (!scanned) {
    for_each_word(utf8, origin, on_word, offset);
    return;
  }
  for (std::size_t begin = 0; begin < utf8.size();) {
    const std::size_t end =
        std::min(utf8.size(), next_ascii_separator(utf8, begin + kStretchBytes) + 1);
    std::string_view stretch = utf8.substr(begin, end - begin);
    for_each_word(stretch, origin, on_word, offset + begin);
    scanned(stretch);
    begin = end;
  }
}

}  // namespace parkit::text
