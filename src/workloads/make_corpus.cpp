#include "parkit/workloads/make_corpus.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

#include "parkit/errors.hpp"
#include "parkit/files.hpp"
#include "parkit/random.hpp"

namespace parkit::workloads {

namespace {

constexpr std::size_t vocabulary_size = 4000;

// Words built from syllables; every 17th gets an accented letter, every 101st starts with an
// upper-case non-ASCII letter (so lowercasing matters).
std::vector<std::string> vocabulary() {
  static const char* syllables[] = {"ka", "lo", "mi", "ne",  "ru", "sa", "ti", "vo", "an", "el",
                                    "or", "th", "st", "ing", "ed", "re", "di", "pa", "qu", "y"};
  static const char* accents[] = {"\u00e9", "\u00fc", "\u00e6", "\u00f1", "\u00e7", "\u00f8"};
  static const char* capitals[] = {"\u00c6", "\u00c9", "\u00d8", "\u00dc"};
  std::vector<std::string> v{"the", "of", "and", "to", "a", "in", "that", "it", "was", "he"};
  for (std::size_t i = 0; v.size() < vocabulary_size; ++i) {
    std::string w;
    std::size_t x = i + 7;
    do {
      w += syllables[x % 20];
      x /= 20;
    } while (x);
    if (i % 17 == 0) w += accents[(i / 17) % 6];
    if (i % 101 == 0) w = capitals[(i / 101) % 4] + w;
    v.push_back(std::move(w));
  }
  return v;
}

// Cumulative Zipf weights 1/r^1.05 over the vocabulary.
std::vector<double> zipf_cdf() {
  std::vector<double> cdf(vocabulary_size);
  double acc = 0;
  for (std::size_t r = 0; r < vocabulary_size; ++r)
    cdf[r] = acc += 1.0 / std::pow(static_cast<double>(r) + 1.0, 1.05);
  for (auto& c : cdf) c /= acc;
  return cdf;
}

}  // namespace

std::string synthetic_book(std::uint64_t seed, std::size_t index, std::size_t words) {
  static const std::vector<std::string> vocab = vocabulary();
  static const std::vector<double> cdf = zipf_cdf();
  RandomStream rng(seed, index);
  std::uint64_t draw = 0;
  std::string out;
  out.reserve(words * 7);
  bool sentence_start = true;
  std::size_t since_break = 0;
  for (std::size_t k = 0; k < words; ++k) {
    double u = rng.uniform(draw++);
    std::size_t r =
        static_cast<std::size_t>(std::lower_bound(cdf.begin(), cdf.end(), u) - cdf.begin());
    std::string w = vocab[std::min(r, vocabulary_size - 1)];
    if (sentence_start && w[0] >= 'a' && w[0] <= 'z') w[0] = static_cast<char>(w[0] - 32);
    sentence_start = false;
    std::uint64_t roll = rng.bits(draw++) % 1000;
    if (roll < 40)
      w = "\u201c" + w + "\u201d";  // curly quotes
    else if (roll < 60)
      w += "\u2019s";  // apostrophe s
    else if (roll < 70)
      w += "\u2014";  // em dash glued to the word
    else if (roll < 90)
      w = "(" + w + ")";
    out += w;
    std::uint64_t end = rng.bits(draw++) % 100;
    if (end < 7) {
      out += end < 5 ? "." : end < 6 ? "!" : "?";
      sentence_start = true;
    } else if (end < 15) {
      out += ",";
    } else if (end < 17) {
      out += ";";
    }
    ++since_break;
    if (since_break >= 12 && end % 3 == 0) {
      out += (end % 2 == 0 && sentence_start) ? "\r\n\r\n" : "\r\n";
      since_break = 0;
    } else {
      out += rng.bits(draw++) % 50 == 0 ? "\u00a0" : " ";  // now and then a no-break space
    }
  }
  out += "\r\n";
  return out;
}

std::vector<std::string> make_corpus(const std::string& dir, std::size_t books, std::size_t words,
                                     std::uint64_t seed) {
  make_directory(dir);
  std::vector<std::string> paths;
  for (std::size_t b = 0; b < books; ++b) {
    paths.push_back(fmt::format("{}/book{:02d}.txt", dir, b + 1));
    write_file_atomic(paths.back(), synthetic_book(seed, b, words));
  }
  return paths;
}

}  // namespace parkit::workloads
