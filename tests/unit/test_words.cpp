#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "parkit/errors.hpp"
#include "parkit/text/words.hpp"

using namespace parkit;
using namespace parkit::text;

namespace {
std::vector<std::string> words(std::string_view s) {
  auto t = tokenize(s, "test");
  std::vector<std::string> out;
  for (auto id : t.seq) out.push_back(t.vocab[id]);
  return out;
}
using V = std::vector<std::string>;
}  // namespace

TEST(Words, DelimitersAndAsciiWhitespaceSplit) {
  EXPECT_EQ(words("Hello, World! (it's) a-b=c"), (V{"hello", "world", "it", "s", "a", "b", "c"}));
  EXPECT_EQ(words("one\r\ntwo\x0bthree\x0c"
                  "four\x1c"
                  "five\x1d"
                  "six\x1e"
                  "seven\x1f"
                  "eight"),
            (V{"one", "two", "three", "four", "five", "six", "seven", "eight"}));
  EXPECT_EQ(words("--- ... ?!"), V{});  // words made only of delimiters vanish
  EXPECT_EQ(words(""), V{});
}

TEST(Words, UnicodeWhitespaceSplits) {
  EXPECT_EQ(words("a\u00a0b"), (V{"a", "b"}));    // NBSP
  EXPECT_EQ(words("a\u2028b"), (V{"a", "b"}));    // line separator
  EXPECT_EQ(words("a\u3000b"), (V{"a", "b"}));    // ideographic space
  EXPECT_EQ(words("a\u0085b"), (V{"a", "b"}));    // NEL
  EXPECT_EQ(words("a\u2009b"), (V{"a", "b"}));    // thin space
  EXPECT_EQ(words("a\u200bb"), (V{"a\u200bb"}));  // zero-width space is not whitespace
}

TEST(Words, BomStaysOnTheFirstWord) { EXPECT_EQ(words("\ufeffThe end"), (V{"\ufeffthe", "end"})); }

TEST(Words, CurlyQuotesAndDashesArePartOfWords) {
  EXPECT_EQ(words("\u201cWell\u201d\u2014he said\u2019"),
            (V{"\u201cwell\u201d\u2014he", "said\u2019"}));
}

TEST(Words, LowercaseIsPythons) {
  EXPECT_EQ(words("\u00c6THELRED \u00c9T\u00c9"), (V{"\u00e6thelred", "\u00e9t\u00e9"}));
  EXPECT_EQ(python_lower("\u0130stanbul"), "i\u0307stanbul");  // İ -> i + combining dot
  EXPECT_EQ(python_lower("\u039f\u0394\u039f\u03a3"), "\u03bf\u03b4\u03bf\u03c2");  // final sigma
  EXPECT_EQ(python_lower("\u03a3\u0391"), "\u03c3\u03b1");                          // not final: σ
  EXPECT_EQ(python_lower("\u03a3"), "\u03c3");                                      // alone: σ
  EXPECT_EQ(python_lower("\u0391\u03a3\u2019"), "\u03b1\u03c2\u2019");  // ’ is case-ignorable
}

TEST(Words, WordsAreInternedInFirstAppearanceOrder) {
  auto t = tokenize("b a B c a", "test");
  EXPECT_EQ(t.vocab, (V{"b", "a", "c"}));
  EXPECT_EQ(t.seq, (std::vector<std::uint32_t>{0, 1, 0, 2, 1}));
}

TEST(Words, InvalidUtf8NamesTheOffset) {
  try {
    tokenize("ok \xff bad", "book.txt");
    FAIL() << "expected UsageError";
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(), "book.txt: invalid UTF-8 at byte offset 3");
  }
  EXPECT_THROW(tokenize("word\xc3", "b"), UsageError);      // truncated sequence
  EXPECT_THROW(tokenize("\xed\xa0\x80", "b"), UsageError);  // encoded surrogate
  EXPECT_THROW(tokenize("\xc0\xaf", "b"), UsageError);      // overlong
}

TEST(Words, IsspaceAndLength) {
  EXPECT_TRUE(python_isspace(U' '));
  EXPECT_FALSE(python_isspace(U'-'));
  EXPECT_TRUE(python_isspace(0x1680));
  EXPECT_FALSE(python_isspace(0xfeff));
  EXPECT_EQ(code_points("na\u00efve"), 5u);
}

namespace {

// The word rule written the plain way: decode every code point, split on ASCII separators and
// Python whitespace, lowercase each word with python_lower. The scanner must agree with it.
V naive_words(std::string_view s) {
  V out;
  std::string cur;
  for (std::size_t i = 0; i < s.size();) {
    auto [cp, len] = detail::decode_at(s, i, "naive");
    bool sep = cp < 128 ? detail::ascii_separator[cp] : python_isspace(cp);
    if (sep) {
      if (!cur.empty()) out.push_back(python_lower(cur));
      cur.clear();
    } else {
      cur.append(s.substr(i, len));
    }
    i += len;
  }
  if (!cur.empty()) out.push_back(python_lower(cur));
  return out;
}

// Random text from pieces that stress the scanner: words of every length across its 64-byte
// chunks, upper case, non-ASCII letters and spaces, delimiters, runs of separators.
std::string random_text(std::uint64_t seed, std::size_t pieces) {
  static const std::vector<std::string> parts{"a",
                                              "The",
                                              "word",
                                              "LONGERWORDTHANEIGHT",
                                              "x",
                                              " ",
                                              "  ",
                                              "\n",
                                              ",",
                                              "--",
                                              "...",
                                              "\u00e9t\u00e9",
                                              "\u00a0",
                                              "\u2003",
                                              "\u03a3",
                                              "CAF\u00c9",
                                              "\t\r",
                                              "abcdefghijklmnopqrstuvwxyz0123456789",
                                              "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGHIJKLMN"
                                              "OPQRSTUVWXYZ",
                                              "\u0130stanbul",
                                              "(",
                                              "'s",
                                              "\u00df"};
  std::string out;
  std::uint64_t x = seed * 0x9e3779b97f4a7c15ull + 1;
  for (std::size_t k = 0; k < pieces; ++k) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    out += parts[x % parts.size()];
  }
  return out;
}

}  // namespace

TEST(Words, TheChunkedScannerAgreesWithThePlainRule) {
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    std::string text = random_text(seed, seed % 50 + 1);
    ASSERT_EQ(words(text), naive_words(text)) << "seed " << seed;
  }
}

TEST(Words, BothClassifiersGiveTheSameMasks) {
  unsigned char block[64];
  std::uint64_t x = 12345;
  for (int round = 0; round < 2000; ++round) {
    for (auto& b : block) {
      x = x * 6364136223846793005ull + 1442695040888963407ull;
      b = static_cast<unsigned char>(x >> 56);
    }
    auto fast = detail::classify64(block), plain = detail::classify64_table(block);
    ASSERT_EQ(fast.sep, plain.sep) << round;
    ASSERT_EQ(fast.high, plain.high) << round;
    ASSERT_EQ(fast.upper, plain.upper) << round;
  }
}

TEST(Words, PiecesCutBetweenWordsCountLikeTheWhole) {
  std::string text = random_text(7, 3000);
  for (std::size_t parts : {1u, 2u, 3u, 7u}) {
    auto pieces = split_between_words(text, parts);
    std::string joined;
    for (auto p : pieces) joined += p;
    ASSERT_EQ(joined, text);
    std::vector<Vocabulary> counted;
    for (auto p : pieces) counted.push_back(count_vocabulary(p, "t"));
    auto merged = merge_vocabularies(std::move(counted));
    auto whole = count_vocabulary(text, "t");
    EXPECT_EQ(merged.words, whole.words) << parts;
    EXPECT_EQ(merged.counts, whole.counts) << parts;
  }
  EXPECT_EQ(split_between_words("nospaceatall", 4).size(), 1u);
}
