#include <gtest/gtest.h>

#include <unistd.h>
#include <algorithm>
#include <mutex>
#include <utility>

#include <cmath>
#include <fstream>

#include "parkit/errors.hpp"
#include "parkit/workloads/wordcount.hpp"

using namespace parkit;
using namespace parkit::workloads;

TEST(WordCount, StableSortKeepsFirstAppearanceOnTies) {
  auto c = count_words(text::tokenize("b a c a b d", "t"));
  ASSERT_EQ(c.size(), 4u);
  EXPECT_EQ(c[0].word, "b");  // 2, seen first
  EXPECT_EQ(c[1].word, "a");  // 2
  EXPECT_EQ(c[2].word, "c");  // 1, seen before d
  EXPECT_EQ(c[3].word, "d");
  EXPECT_EQ(format_counts(c),
            "b 2 33.33333333333333\na 2 33.33333333333333\n"
            "c 1 16.666666666666664\nd 1 16.666666666666664\n");
}

TEST(WordCount, MinLengthDropsWordsBeforePercentages) {
  auto c = count_words(text::tokenize("a bb a ccc \u00e9\u00e9", "t"), 2);
  ASSERT_EQ(c.size(), 3u);  // "éé" is two code points long
  EXPECT_EQ(format_counts(c),
            "bb 1 33.33333333333333\nccc 1 33.33333333333333\n\u00e9\u00e9 1 33.33333333333333\n");
}

TEST(WordCount, TinyPercentagesUseScientificNotation) {
  std::string text = "rare";
  for (int i = 0; i < 20000; ++i) text += " common";
  // Expected strings are Python's repr() of the same percentages.
  EXPECT_EQ(format_counts(count_words(text::tokenize(text, "t"))),
            "common 20000 99.9950002499875\nrare 1 0.004999750012499375\n");
  std::string big = "rare";
  for (int i = 0; i < 1000000; ++i) big += " x";
  EXPECT_EQ(format_counts(count_words(text::tokenize(big, "t"))),
            "x 1000000 99.9999000001\nrare 1 9.99999000001e-05\n");
}

TEST(WordCount, ReadCountsRejectsMalformedLinesNamingThem) {
  std::string path = ::testing::TempDir() + "bad.dat";
  std::ofstream(path) << "# comment\nthe 3 50.0\nof x 1.0\n";
  try {
    read_counts(path);
    FAIL() << "expected UsageError";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.dat:3: malformed line"), std::string::npos)
        << e.what();
  }
  std::ofstream(path) << "the 3 50.0 extra\n";
  EXPECT_THROW(read_counts(path), UsageError);
  std::ofstream(path) << "the 3 50.0\n# skipped\nof 1 25.5\n";
  auto c = read_counts(path);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[1].word, "of");
  EXPECT_EQ(c[1].count, 1u);
  EXPECT_THROW(read_counts(path + ".missing"), UsageError);
}

TEST(Zipf, TableHasShortRowsForSmallBooksAndAFit) {
  std::vector<ZipfRow> rows{{"big", {100, 50, 33}}, {"small", {7}}};
  EXPECT_EQ(format_zipf(3, rows, false), "Book,word1,word2,word3\nbig,100,50,33\nsmall,7\n");
  std::vector<std::uint64_t> power;  // count = 1e6 / r^1.5
  for (int r = 1; r <= 10; ++r)
    power.push_back(static_cast<std::uint64_t>(std::llround(1e6 / std::pow(r, 1.5))));
  EXPECT_NEAR(zipf_exponent(power), 1.5, 1e-4);
  EXPECT_NE(format_zipf(10, {{"p", power}}, true).find(",exponent\np,"), std::string::npos);
  EXPECT_EQ(book_name("dir/sub/pg99.dat"), "pg99");
}

TEST(WordCount, ThreadsGiveTheSameCountsAndTheSameErrors) {
  // More than the 1 MB below which count_words stays on one thread.
  std::string text;
  for (int i = 0; text.size() < (3u << 20); ++i)
    text += "Word" + std::to_string(i % 5000) + " the, \u00c9t\u00e9 and " + std::to_string(i % 7) +
            "\n";
  auto one = count_words(text, "big");
  for (int threads : {2, 3, 4}) {
    auto many = count_words(text, "big", 1, threads);
    ASSERT_EQ(many.size(), one.size());
    for (std::size_t k = 0; k < one.size(); ++k) {
      ASSERT_EQ(many[k].word, one[k].word) << threads;
      ASSERT_EQ(many[k].count, one[k].count) << threads;
    }
  }
  // Two bad bytes, in the last two thirds: every thread count names the first one.
  std::string bad = text;
  bad[bad.size() / 2] = '\xff';
  bad[bad.size() - 10] = '\xff';
  std::string want;
  try {
    (void)count_words(bad, "big");
  } catch (const parkit::UsageError& e) {
    want = e.what();
  }
  ASSERT_NE(want, "");
  for (int threads : {2, 3}) try {
      (void)count_words(bad, "big", 1, threads);
      FAIL() << threads;
    } catch (const parkit::UsageError& e) {
      EXPECT_EQ(e.what(), want) << threads;
    }
}

namespace {
std::string counts_text(std::string_view text, std::string_view origin, std::size_t min_length,
                        int threads, const text::ScannedStretch& scanned) {
  std::string out;
  std::size_t pieces = 0;
  write_counts(text, origin, min_length, threads, scanned, [&](std::string_view piece) {
    EXPECT_LE(piece.size(), (64u << 10) + 4096);  // in pieces, never whole
    out.append(piece);
    ++pieces;
  });
  EXPECT_GE(pieces, out.size() / ((64u << 10) + 4096));
  return out;
}
}  // namespace

TEST(WordCount, WrittenCountsAreTheFormattedCountsAndTheTextIsScannedInStretches) {
  std::string text;
  for (int i = 0; text.size() < (3u << 20); ++i)
    text += "Word" + std::to_string(i % 9000) + " \u00c9t\u00e9\u2003" + std::to_string(i % 11) +
            (i % 13 == 0 ? "\n" : " ");
  for (int threads : {1, 2}) {
    for (std::size_t min_length : {1u, 5u}) {
      std::size_t next = 0;  // the stretches: in order per thread, together the whole text
      std::vector<std::pair<std::size_t, std::size_t>> seen;
      std::mutex m;
      auto got = counts_text(text, "big", min_length, threads, [&](std::string_view s) {
        std::lock_guard lock(m);
        seen.emplace_back(static_cast<std::size_t>(s.data() - text.data()), s.size());
      });
      EXPECT_EQ(got, format_counts(count_words(text, "big", min_length))) << threads;
      std::sort(seen.begin(), seen.end());
      for (auto [at, size] : seen) {
        ASSERT_EQ(at, next);
        EXPECT_LE(size, text::kStretchBytes + 64);  // cut at the first separator after it
        next = at + size;
      }
      EXPECT_EQ(next, text.size());
      EXPECT_GT(seen.size(), 3u * static_cast<std::size_t>(threads));
    }
  }
  // An error in a later stretch names its offset in the whole text.
  std::string bad = text;
  bad[bad.size() - 1000] = '\xff';
  try {
    (void)counts_text(bad, "big", 1, 1, [](std::string_view) {});
    FAIL();
  } catch (const parkit::UsageError& e) {
    EXPECT_NE(std::string(e.what()).find(std::to_string(bad.size() - 1000)), std::string::npos)
        << e.what();
  }
}
