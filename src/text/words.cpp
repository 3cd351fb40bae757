#include "parkit/text/words.hpp"

#include <fmt/format.h>
#include <utf8proc.h>

#include <array>
#include <string>
#include <unordered_map>

#include "parkit/errors.hpp"

namespace parkit::text {

namespace {

constexpr std::string_view delimiters = ".,;:?$@^<>#%`!*-=()[]{}/\"'";

// For ASCII bytes: 0 = part of a word, 1 = separator (whitespace or delimiter).
constexpr std::array<char, 128> ascii_separators = [] {
  std::array<char, 128> t{};
  for (char c : delimiters) t[static_cast<unsigned char>(c)] = 1;
  // Python's ASCII whitespace: \t \n \v \f \r, the information separators \x1c-\x1f, space.
  for (int c : {0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20}) t[c] = 1;
  return t;
}();

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
    case UTF8PROC_CATEGORY_SK: return true;
    default: break;
  }
  switch (cp) {
    case 0x27: case 0x2e: case 0x3a: case 0xb7: case 0x387: case 0x55f: case 0x5f4:
    case 0x2018: case 0x2019: case 0x2024: case 0x2027: case 0xfe13: case 0xfe52: case 0xfe55:
    case 0xff07: case 0xff0e: case 0xff1a: return true;
    default: return false;
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

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>()(s);
  }
};

}  // namespace

bool python_isspace(char32_t cp) {
  if (cp < 128) return ascii_separators[cp] && delimiters.find(static_cast<char>(cp)) == std::string_view::npos;
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
  std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>> ids;
  std::string lowered;
  auto intern = [&](std::string_view w) {
    auto it = ids.find(w);
    if (it == ids.end()) {
      it = ids.emplace(std::string(w), static_cast<std::uint32_t>(out.vocab.size())).first;
      out.vocab.emplace_back(w);
    }
    out.seq.push_back(it->second);
  };
  auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    // Skip separators.
    while (i < n) {
      unsigned char b = bytes[i];
      if (b < 0x80) {
        if (!ascii_separators[b]) break;
        ++i;
        continue;
      }
      utf8proc_int32_t cp;
      auto len = utf8proc_iterate(bytes + i, static_cast<utf8proc_ssize_t>(n - i), &cp);
      if (len < 0)
        throw UsageError(fmt::format("{}: invalid UTF-8 at byte offset {}", origin, i));
      if (!python_isspace(static_cast<char32_t>(cp))) break;
      i += static_cast<std::size_t>(len);
    }
    if (i >= n) break;
    // Take a word; lowercase ASCII on the way, and note whether it needs the Unicode path.
    std::size_t start = i;
    bool ascii = true;
    lowered.clear();
    while (i < n) {
      unsigned char b = bytes[i];
      if (b < 0x80) {
        if (ascii_separators[b]) break;
        lowered += static_cast<char>(b >= 'A' && b <= 'Z' ? b + 32 : b);
        ++i;
        continue;
      }
      utf8proc_int32_t cp;
      auto len = utf8proc_iterate(bytes + i, static_cast<utf8proc_ssize_t>(n - i), &cp);
      if (len < 0)
        throw UsageError(fmt::format("{}: invalid UTF-8 at byte offset {}", origin, i));
      if (python_isspace(static_cast<char32_t>(cp))) break;
      ascii = false;
      i += static_cast<std::size_t>(len);
    }
    if (ascii) intern(lowered);
    else intern(python_lower(text.substr(start, i - start)));
  }
  return out;
}

}  // namespace parkit::text
