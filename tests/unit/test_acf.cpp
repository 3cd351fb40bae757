#include <gtest/gtest.h>

#include <fmt/format.h>

#include <random>

#include "parkit/errors.hpp"
#include "parkit/text/words.hpp"
#include "parkit/workloads/acf.hpp"
#include "team_params.hpp"

using namespace parkit;
using namespace parkit::workloads;

namespace {
// The reference's O(N*T) definition, written out.
std::vector<double> brute_acf(const std::vector<int>& mask, std::size_t timesteps) {
  std::size_t n = mask.size();
  double c = 0;
  for (int m : mask) c += m;
  std::vector<double> out(timesteps, 0);
  for (std::size_t t = 0; t < timesteps; ++t) {
    double s = 0;
    for (std::size_t i = 1; i + t < n; ++i) s += mask[i] * mask[i + t];
    out[t] = (n > t + 1 ? s : 0.0) / c;
  }
  return out;
}
}  // namespace

TEST(Acf, OccurrenceListsAgreeWithTheMaskDefinition) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 50; ++trial) {
    std::size_t n = 1 + rng() % 400;
    std::vector<int> mask(n);
    std::vector<std::uint32_t> pos;
    for (std::size_t i = 0; i < n; ++i) {
      mask[i] = rng() % 5 == 0 || i == 0;
      if (mask[i]) pos.push_back(static_cast<std::uint32_t>(i));
    }
    EXPECT_EQ(word_acf(pos, 30), brute_acf(mask, 30)) << "trial " << trial;
  }
}

TEST(Acf, AWordOnlyAtPositionZeroContributesNothing) {
  EXPECT_EQ(word_acf({0}, 3), (std::vector<double>{0, 0, 0}));
  EXPECT_EQ(word_acf({1, 2}, 3), (std::vector<double>{1, 0.5, 0}));
}

TEST(Acf, OccurrencesAreFoundWithTheTokenisersRules) {
  auto occ = find_occurrences("A b, a. \u00c9t\u00e9 \u00e9t\u00e9", "book",
                              {"a", "\u00e9t\u00e9", "a"}, "x.dat");
  EXPECT_EQ(occ[0], (std::vector<std::uint32_t>{0, 2}));
  EXPECT_EQ(occ[1], (std::vector<std::uint32_t>{3, 4}));
  EXPECT_EQ(occ[2], occ[0]);  // a word listed twice
  try {
    find_occurrences("a b", "book", {"zzz"}, "x.dat");
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(), "x.dat: word 'zzz' of the counts does not occur in book");
  }
  EXPECT_THROW(find_occurrences(" ... ", "book", {"a"}, "x.dat"), UsageError);
}

TEST(Acf, OccurrencesOfWordsOfEveryLengthAgreeWithTheTokeniser) {
  // Short words are matched by their first 8 bytes and length, longer ones by hash and text:
  // lengths around 8, a prefix of another word, one of 70 bytes, upper case, a near miss.
  std::string long_word(70, 'q');
  std::vector<std::string> list{"a",          "ab",      "abcdefgh", "abcdefghi",
                                "abcdefghij", long_word, "abcdefgx", "b"};
  std::string text;
  std::vector<std::string> pool{
      "a",           "ab",      "abc",           "ABCDEFGH", "abcdefghi", "abcdefghij",
      "abcdefghijk", long_word, long_word + "q", "abcdefgx", "b",         "B"};
  std::mt19937_64 rng(5);
  for (int k = 0; k < 3000; ++k) text += pool[rng() % pool.size()] + (k % 7 ? " " : ", ");
  auto occ = find_occurrences(text, "book", list, "x.dat");
  // The naive way: the tokeniser's word list, position by position.
  auto seq = text::tokenize(text, "book");
  for (std::size_t k = 0; k < list.size(); ++k) {
    std::vector<std::uint32_t> want;
    for (std::uint32_t p = 0; p < seq.seq.size(); ++p)
      if (seq.vocab[seq.seq[p]] == list[k]) want.push_back(p);
    EXPECT_EQ(occ[k], want) << list[k];
  }
}

TEST(Acf, FormatIsNumpySavetxt) {
  EXPECT_EQ(format_acf({1.0, 7.339029896867326451e-03}),
            "1.000000000000000000e+00,1.000000000000000000e+00\n"
            "2.000000000000000000e+00,7.339029896867326451e-03\n");
}

class AcfTeams : public testing::TestWithParam<Team> {};

TEST_P(AcfTeams, EveryBackendGivesTheSerialBytes) {
  std::mt19937 rng(3);
  std::string text;
  for (int i = 0; i < 5000; ++i) text.append("w").append(std::to_string(rng() % 40)).append(" ");
  std::vector<std::string> words;
  for (int i = 0; i < 16; ++i) words.push_back(fmt::format("w{}", i));
  auto occ = find_occurrences(text, "t", words, "t.dat");
  auto serial = format_acf(average_acf(make_team(Backend::serial, 1), occ, 100));
  EXPECT_EQ(format_acf(average_acf(GetParam(), occ, 100)), serial);
}

INSTANTIATE_TEST_SUITE_P(Teams, AcfTeams, testing::ValuesIn(sweep_teams()), team_name);
