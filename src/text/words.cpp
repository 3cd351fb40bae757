#include "parkit/text/words.hpp"

#include <fmt/format.h>
#include <utf8proc.h>

#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <utility>

#include "parkit/errors.hpp"

namespace parkit::text {

namespace {

constexpr std::string_view delimiters = ".,;:?$@^<>#%`!*-=()[]{}/\"'";

// Python's ASCII whitespace: \t \n \v \f \r, the information separators \x1c-\x1f, space.
constexpr bool ascii_space(int c) {
  return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f) || c == 0x20;
}

void append_utf8(std::string& out, char32_t cp) {
  utf8proc_uint8_t buf[4];
  auto n = utf8proc_encode_char(static_cast<utf8proc_int32_t>(cp), buf);
  out.append(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(n));
}

std::vector<char32_t> decode(std::string_view s) {
  std::vector<char32_t> out;
  auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(s.size());
  while (left > 0) {
    utf8proc_int32_t cp;
    auto n = utf8proc_iterate(p, left, &cp);
    out.push_back(static_cast<char32_t>(cp));
    p += n;
    left -= n;
  }
  return out;
}

// Python's _PyUnicode_IsCased: Lowercase, Uppercase or titlecase.
bool is_cased(char32_t cp) {
  auto c = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
  return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL || c == UTF8PROC_CATEGORY_LT ||
         utf8proc_islower(static_cast<utf8proc_int32_t>(cp)) ||
         utf8proc_isupper(static_cast<utf8proc_int32_t>(cp));
}

// Python's _PyUnicode_IsCaseIgnorable: Mn, Me, Cf, Lm, Sk, or Word_Break MidLetter, MidNumLet,
// Single_Quote (listed here: utf8proc does not carry Word_Break).
bool is_case_ignorable(char32_t cp) {
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_CF:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_SK:
      return true;
    default:
      break;
  }
  switch (cp) {
    case 0x27:
    case 0x2e:
    case 0x3a:
    case 0xb7:
    case 0x387:
    case 0x55f:
    case 0x5f4:
    case 0x2018:
    case 0x2019:
    case 0x2024:
    case 0x2027:
    case 0xfe13:
    case 0xfe52:
    case 0xfe55:
    case 0xff07:
    case 0xff0e:
    case 0xff1a:
      return true;
    default:
      return false;
  }
}

// Python's final-sigma rule: Σ at position i lowercases to ς when a cased letter precedes it and
// none follows it (case-ignorable characters skipped on both sides).
bool final_sigma(const std::vector<char32_t>& cps, std::size_t i) {
  std::size_t j = i;
  bool before = false;
  while (j > 0) {
    char32_t c = cps[--j];
    if (is_case_ignorable(c)) continue;
    before = is_cased(c);
    break;
  }
  if (!before) return false;
  for (std::size_t k = i + 1; k < cps.size(); ++k) {
    if (is_case_ignorable(cps[k])) continue;
    return !is_cased(cps[k]);
  }
  return true;
}

}  // namespace

namespace {

// Interning: an open-addressing table of vocabulary ids. A slot holds the word's length and its
// first 8 bytes beside the id, so a word of up to 8 bytes (86 % of the words of pg87) is found
// with one 16-byte compare in one cache line, and a longer one compares only its tail against
// the vocabulary.
template <class Words>  // std::vector<std::string> or WordList
class Interner {
 public:
  // The table holds up to 3/4 of its slots, and its size is not a power of two (a slot is found
  // by multiplying, not masking): pg87's 22,551 words take 30,000 slots, 470 kB, not 2^15.
  explicit Interner(Words& vocab, std::size_t expected_words = 2048)
      : vocab_(vocab), slots_(std::max<std::size_t>(4096, 4 * expected_words / 3 + 64) & ~63) {
    vocab_.reserve(expected_words);
  }
  // Indexes vocab_[id], a word already in the vocabulary (and not yet in the table).
  void index_existing(std::uint32_t id) {
    const std::string_view w = vocab_[id];
    std::size_t i = home(word_hash(w), slots_.size());
    while (slots_[i].id1 != 0) i = next(i, slots_.size());
    slots_[i] = {detail::first8(w), static_cast<std::uint32_t>(w.size()), id + 1};
    if (4 * (std::size_t{id} + 1) > 3 * slots_.size()) grow();
  }
  std::uint32_t id(std::string_view w) {
    const std::uint64_t h = word_hash(w);
    const std::uint64_t key = detail::first8(w);
    const auto len = static_cast<std::uint32_t>(w.size());
    const std::size_t n = slots_.size();
    for (std::size_t i = home(h, n);; i = next(i, n)) {
      Slot& s = slots_[i];
      if (s.id1 == 0) {
        auto id = static_cast<std::uint32_t>(vocab_.size());
        vocab_.emplace_back(w);
        s = {key, len, id + 1};
        if (4 * vocab_.size() > 3 * slots_.size()) grow();
        return id;
      }
      if (s.key == key && s.len == len &&
          (len <= 8 || std::memcmp(vocab_[s.id1 - 1].data() + 8, w.data() + 8, len - 8) == 0))
        return s.id1 - 1;
    }
  }

 private:
  struct Slot {
    std::uint64_t key = 0;  // first8(word)
    std::uint32_t len = 0;
    std::uint32_t id1 = 0;  // id + 1; 0 = empty
  };
  // A hash's home slot in a table of n: the high half of h * n (every bit of h counts).
  static std::size_t home(std::uint64_t h, std::size_t n) noexcept {
    return static_cast<std::size_t>((static_cast<detail::u128>(h) * n) >> 64);
  }
  static std::size_t next(std::size_t i, std::size_t n) noexcept { return ++i == n ? 0 : i; }
  void grow() {
    std::vector<Slot> bigger(slots_.size() * 2);
    for (const Slot& s : slots_) {
      if (s.id1 == 0) continue;
      std::size_t i = home(word_hash(vocab_[s.id1 - 1]), bigger.size());
      while (bigger[i].id1 != 0) i = next(i, bigger.size());
      bigger[i] = s;
    }
    slots_.swap(bigger);
  }
  Words& vocab_;
  std::vector<Slot> slots_;
};

}  // namespace

namespace detail {

const bool ascii_separator[128] = {
#define PARKIT_SEP(c) \
  (ascii_space(c) || delimiters.find(static_cast<char>((c))) != std::string_view::npos)
#define PARKIT_SEP8(b)                                                          \
  PARKIT_SEP(b), PARKIT_SEP((b) + 1), PARKIT_SEP((b) + 2), PARKIT_SEP((b) + 3), \
      PARKIT_SEP((b) + 4), PARKIT_SEP((b) + 5), PARKIT_SEP((b) + 6), PARKIT_SEP((b) + 7)
    PARKIT_SEP8(0),  PARKIT_SEP8(8),   PARKIT_SEP8(16),  PARKIT_SEP8(24),
    PARKIT_SEP8(32), PARKIT_SEP8(40),  PARKIT_SEP8(48),  PARKIT_SEP8(56),
    PARKIT_SEP8(64), PARKIT_SEP8(72),  PARKIT_SEP8(80),  PARKIT_SEP8(88),
    PARKIT_SEP8(96), PARKIT_SEP8(104), PARKIT_SEP8(112), PARKIT_SEP8(120),
#undef PARKIT_SEP8
#undef PARKIT_SEP
};

ByteMasks classify64_table(const unsigned char* p) noexcept {
  ByteMasks m{0, 0, 0};
  for (unsigned k = 0; k < 64; ++k) {
    const unsigned char b = p[k];
    const std::uint64_t bit = std::uint64_t{1} << k;
    if (b >= 0x80)
      m.high |= bit;
    else if (ascii_separator[b])
      m.sep |= bit;
    else if (b >= 'A' && b <= 'Z')
      m.upper |= bit;
  }
  return m;
}

namespace {

// The separators by nibbles (simdjson's classification): byte b is a separator when
// lo[b & 15] & hi[b >> 4] is nonzero. Bit h of lo[l] says whether 0xhl is a separator, for the
// eight ASCII high nibbles h; the high nibbles 8..15 (non-ASCII) have no bit.
struct NibbleTables {
  alignas(32) unsigned char lo[32];
  alignas(32) unsigned char hi[32];
};
constexpr NibbleTables nibble_tables() {
  NibbleTables t{};
  for (int b = 0; b < 128; ++b)
    if (ascii_space(b) || delimiters.find(static_cast<char>(b)) != std::string_view::npos) {
      t.lo[b & 15] |= static_cast<unsigned char>(1 << (b >> 4));
      t.lo[16 + (b & 15)] = t.lo[b & 15];
    }
  for (int h = 0; h < 8; ++h) t.hi[h] = t.hi[16 + h] = static_cast<unsigned char>(1 << h);
  return t;
}
constexpr NibbleTables kNibbles = nibble_tables();

__attribute__((target("avx2"))) ByteMasks classify64_avx2(const unsigned char* p) noexcept {
  const __m256i lo_tab = _mm256_load_si256(reinterpret_cast<const __m256i*>(kNibbles.lo));
  const __m256i hi_tab = _mm256_load_si256(reinterpret_cast<const __m256i*>(kNibbles.hi));
  const __m256i low4 = _mm256_set1_epi8(0x0f);
  ByteMasks m{0, 0, 0};
  for (int half = 0; half < 2; ++half) {
    const __m256i v =
        _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + (std::ptrdiff_t{32} * half)));
    const __m256i cls = _mm256_and_si256(
        _mm256_shuffle_epi8(lo_tab, _mm256_and_si256(v, low4)),
        _mm256_shuffle_epi8(hi_tab, _mm256_and_si256(_mm256_srli_epi16(v, 4), low4)));
    const auto sep = static_cast<std::uint32_t>(
        ~_mm256_movemask_epi8(_mm256_cmpeq_epi8(cls, _mm256_setzero_si256())));
    const auto high = static_cast<std::uint32_t>(_mm256_movemask_epi8(v));
    // Signed compares: non-ASCII bytes are negative, so never in 'A'..'Z'.
    const __m256i up = _mm256_and_si256(_mm256_cmpgt_epi8(v, _mm256_set1_epi8('A' - 1)),
                                        _mm256_cmpgt_epi8(_mm256_set1_epi8('Z' + 1), v));
    const auto upper = static_cast<std::uint32_t>(_mm256_movemask_epi8(up));
    m.sep |= std::uint64_t{sep} << (32 * half);
    m.high |= std::uint64_t{high} << (32 * half);
    m.upper |= std::uint64_t{upper} << (32 * half);
  }
  return m;
}

using Classifier = ByteMasks (*)(const unsigned char*) noexcept;
const Classifier kClassify = [] {
  __builtin_cpu_init();  // this runs before main
  return __builtin_cpu_supports("avx2") ? classify64_avx2 : classify64_table;
}();

}  // namespace

ByteMasks classify64(const unsigned char* p) noexcept { return kClassify(p); }

std::pair<char32_t, std::size_t> decode_at(std::string_view text, std::size_t i,
                                           std::string_view origin, std::size_t offset) {
  utf8proc_int32_t cp;
  auto len = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data()) + i,
                              static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
  if (len < 0)
    throw UsageError(fmt::format("{}: invalid UTF-8 at byte offset {}", origin, offset + i));
  return {static_cast<char32_t>(cp), static_cast<std::size_t>(len)};
}

}  // namespace detail

bool python_isspace(char32_t cp) {
  if (cp < 128) return ascii_space(static_cast<int>(cp));
  // Python: bidirectional class WS, B or S, or category Zs.
  const utf8proc_property_t* p = utf8proc_get_property(static_cast<utf8proc_int32_t>(cp));
  return p->category == UTF8PROC_CATEGORY_ZS || p->bidi_class == UTF8PROC_BIDI_CLASS_WS ||
         p->bidi_class == UTF8PROC_BIDI_CLASS_B || p->bidi_class == UTF8PROC_BIDI_CLASS_S;
}

std::string python_lower(std::string_view word) {
  std::vector<char32_t> cps = decode(word);
  std::string out;
  out.reserve(word.size());
  for (std::size_t i = 0; i < cps.size(); ++i) {
    char32_t c = cps[i];
    if (c == 0x130) {  // İ: SpecialCasing's one unconditional lowercase mapping
      out += 'i';
      append_utf8(out, 0x307);
    } else if (c == 0x3a3) {
      append_utf8(out, final_sigma(cps, i) ? 0x3c2 : 0x3c3);
    } else {
      append_utf8(out, static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(c))));
    }
  }
  return out;
}

void WordList::too_long() {
  throw UsageError("more than 4 GiB of distinct words: too many to count");
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  return n;
}

Tokens tokenize(std::string_view text, std::string_view origin) {
  Tokens out;
  out.seq.reserve(text.size() / 6);
  Interner interner(out.vocab);
  for_each_word(text, origin, [&](std::string_view w) { out.seq.push_back(interner.id(w)); });
  return out;
}

namespace {

// How many distinct words a book of `bytes` bytes has, about: Heaps' law, fitted to pg87 (22,551
// in 2.6 MB) and its halves (about 15,000 in 1.3 MB each). Sized for that, a table seldom grows
// (a grown table and its old one are briefly both in memory) and is not much too big.
std::size_t expected_distinct_words(std::size_t bytes) {
  return static_cast<std::size_t>(5.7 * std::pow(static_cast<double>(bytes), 0.56));
}

}  // namespace

Vocabulary count_vocabulary(std::string_view text, std::string_view origin, std::size_t offset,
                            const ScannedStretch& scanned) {
  Vocabulary out;
  const std::size_t expected = expected_distinct_words(text.size());
  Interner interner(out.words, expected);
  out.counts.reserve(expected);
  for_each_word_by_stretch(
      text, origin,
      [&](std::string_view w) {
        std::uint32_t id = interner.id(w);
        if (id == out.counts.size()) out.counts.push_back(0);
        ++out.counts[id];
      },
      offset, scanned);
  return out;
}

std::size_t next_ascii_separator(std::string_view text, std::size_t cut) noexcept {
  while (cut < text.size()) {
    auto b = static_cast<unsigned char>(text[cut]);
    if (b < 0x80 && detail::ascii_separator[b]) break;
    ++cut;
  }
  return std::min(cut, text.size());
}

std::vector<std::string_view> split_between_words(std::string_view text, std::size_t parts) {
  std::vector<std::string_view> out;
  std::size_t begin = 0;
  for (std::size_t k = 1; k < parts && begin < text.size(); ++k) {
    std::size_t cut = next_ascii_separator(text, std::max(begin, text.size() * k / parts));
    if (cut >= text.size()) break;
    out.push_back(text.substr(begin, cut + 1 - begin));
    begin = cut + 1;
  }
  out.push_back(text.substr(begin));
  return out;
}

Vocabulary merge_vocabularies(std::vector<Vocabulary> pieces) {
  if (pieces.empty()) return {};
  // Heaps' law again: n pieces of about equal size have about n^0.56 times the words of the
  // largest, all together (and never more than the sum). Sized so, the table does not grow
  // (which would hold an old and a new table at once).
  std::size_t largest = 0, sum = 0;
  for (const auto& p : pieces) largest = std::max(largest, p.words.size()), sum += p.words.size();
  Vocabulary out = std::move(pieces[0]);
  const auto estimate = static_cast<std::size_t>(
      1.1 * static_cast<double>(largest) * std::pow(static_cast<double>(pieces.size()), 0.56));
  const std::size_t expected = std::min(sum, estimate);
  Interner interner(out.words, expected);
  out.counts.reserve(expected);
  for (std::uint32_t id = 0; id < out.words.size(); ++id) interner.index_existing(id);
  for (std::size_t k = 1; k < pieces.size(); ++k)
    for (std::size_t i = 0; i < pieces[k].words.size(); ++i) {
      std::uint32_t id = interner.id(pieces[k].words[i]);
      if (id == out.counts.size()) out.counts.push_back(0);
      out.counts[id] += pieces[k].counts[i];
    }
  return out;
}

}  // namespace parkit::text
