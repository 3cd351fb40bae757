#include "parkit/text/words.hpp"

#include <fmt/format.h>
#include <utf8proc.h>

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

// Most words are short, so the hash reads 8 bytes at a time and mixes by multiplication.
std::uint64_t word_hash(std::string_view w) noexcept {
  constexpr std::uint64_t k = 0x9e3779b97f4a7c15ull;
  std::uint64_t h = w.size() * k;
  const char* p = w.data();
  std::size_t n = w.size();
  while (n >= 8) {
    std::uint64_t x;
    std::memcpy(&x, p, 8);
    h = (h ^ x) * k;
    h ^= h >> 29;
    p += 8;
    n -= 8;
  }
  if (n) {
    std::uint64_t x = 0;
    std::memcpy(&x, p, n);
    h = (h ^ x) * k;
  }
  h ^= h >> 32;
  return h * k;
}

namespace {

// Interning: an open-addressing table of vocabulary ids keyed by word_hash. A slot holds the
// hash's high 32 bits beside the id, so a probe touches one cache line and compares strings
// only when those bits agree.
class Interner {
 public:
  explicit Interner(std::vector<std::string>& vocab) : vocab_(vocab), slots_(1 << 12, 0) {}
  std::uint32_t id(std::string_view w) {
    const std::uint64_t h = word_hash(w);
    const std::uint64_t tag = h & 0xffffffff00000000ull;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      std::uint64_t s = slots_[i];
      if (s == 0) {
        auto id = static_cast<std::uint32_t>(vocab_.size());
        vocab_.emplace_back(w);
        slots_[i] = tag | (id + 1);
        if (2 * vocab_.size() > slots_.size()) grow();
        return id;
      }
      if ((s & 0xffffffff00000000ull) == tag) {
        auto id = static_cast<std::uint32_t>(s) - 1;
        if (vocab_[id] == w) return id;
      }
    }
  }

 private:
  void grow() {
    std::vector<std::uint64_t> bigger(slots_.size() * 2, 0);
    const std::size_t mask = bigger.size() - 1;
    for (std::uint32_t id = 0; id < vocab_.size(); ++id) {
      std::uint64_t h = word_hash(vocab_[id]);
      std::size_t i = h & mask;
      while (bigger[i]) i = (i + 1) & mask;
      bigger[i] = (h & 0xffffffff00000000ull) | (id + 1);
    }
    slots_.swap(bigger);
  }
  std::vector<std::string>& vocab_;
  std::vector<std::uint64_t> slots_;  // hash high bits | id + 1; 0 = empty
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

std::pair<char32_t, std::size_t> decode_at(std::string_view text, std::size_t i,
                                           std::string_view origin) {
  utf8proc_int32_t cp;
  auto len = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data()) + i,
                              static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
  if (len < 0) throw UsageError(fmt::format("{}: invalid UTF-8 at byte offset {}", origin, i));
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

Vocabulary count_vocabulary(std::string_view text, std::string_view origin) {
  Vocabulary out;
  Interner interner(out.words);
  for_each_word(text, origin, [&](std::string_view w) {
    std::uint32_t id = interner.id(w);
    if (id == out.counts.size()) out.counts.push_back(0);
    ++out.counts[id];
  });
  return out;
}

}  // namespace parkit::text
