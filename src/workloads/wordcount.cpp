#include "parkit/workloads/wordcount.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <exception>
#include <numeric>
#include <thread>
#include <tuple>

#include "parkit/errors.hpp"
#include "parkit/files.hpp"
#include "parkit/report/table.hpp"
#include "parkit/text/pyfloat.hpp"

namespace parkit::workloads {

namespace {

// The ids of the words kept (min_length), by decreasing count, ties in first-appearance order,
// and the total count of those words.
struct Ranking {
  std::vector<std::uint32_t> order;
  std::uint64_t total = 0;
};

template <class Words>  // std::vector<std::string> or text::WordList
Ranking rank_words(const Words& words, const std::vector<std::uint64_t>& counts,
                   std::size_t min_length) {
  Ranking r;
  r.order.reserve(counts.size());
  for (std::uint32_t id = 0; id < counts.size(); ++id)
    if (min_length <= 1 || text::code_points(words[id]) >= min_length) r.order.push_back(id);
  // Ids are in first-appearance order, so a stable sort keeps ties in that order.
  std::stable_sort(r.order.begin(), r.order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return counts[a] > counts[b]; });
  for (auto id : r.order) r.total += counts[id];
  return r;
}

double percent_of(std::uint64_t count, std::uint64_t total) {
  return (static_cast<double>(count) / static_cast<double>(total)) * 100.0;
}

// The " count percent\n" that ends a line of a .dat. Counts come sorted, and equal counts have
// equal percentages: each tail is formatted once.
class CountTail {
 public:
  const std::string& operator()(std::uint64_t count, double percent) {
    // tail_ is empty before the first line (found by fuzz_counts: a first line "w 0 -1"
    // matched the old sentinel and lost its fields)
    if (tail_.empty() || count != last_count_ || percent != last_percent_) {
      tail_ = fmt::format(" {} {}\n", count, text::python_repr(percent));
      last_count_ = count;
      last_percent_ = percent;
    }
    return tail_;
  }

 private:
  std::uint64_t last_count_ = 0;
  double last_percent_ = 0;
  std::string tail_;
};

// The .dat of n lines, line(i) giving the word, count and percent of line i, handed to `sink`
// in pieces of about 64 kB (a big book's .dat is most of a megabyte: never held whole).
template <class Line>
void count_lines(std::size_t n, const Line& line, const CountsSink& sink) {
  constexpr std::size_t kPiece = 64 << 10;
  std::string piece;
  piece.reserve(kPiece + 256);
  CountTail tail;
  for (std::size_t i = 0; i < n; ++i) {
    const auto [word, count, percent] = line(i);
    piece.append(word).append(tail(count, percent));
    if (piece.size() >= kPiece) {
      sink(piece);
      piece.clear();
    }
  }
  if (!piece.empty()) sink(piece);
}

template <class Words>
std::vector<WordCount> sorted_counts(const Words& words, const std::vector<std::uint64_t>& counts,
                                     std::size_t min_length) {
  const Ranking r = rank_words(words, counts, min_length);
  std::vector<WordCount> out;
  out.reserve(r.order.size());
  for (auto id : r.order)
    out.push_back({std::string(words[id]), counts[id], percent_of(counts[id], r.total)});
  return out;
}

// The text's vocabulary, counted on up to `threads` threads (see count_words).
text::Vocabulary count_vocabulary_on(std::string_view utf8, std::string_view origin, int threads,
                                     const text::ScannedStretch& scanned) {
  constexpr std::size_t kPieceBytes = 1 << 20;  // below this a thread's start is not repaid
  if (threads <= 1 || utf8.size() < kPieceBytes)
    return text::count_vocabulary(utf8, origin, 0, scanned);
  auto pieces = text::split_between_words(utf8, static_cast<std::size_t>(threads));
  std::vector<text::Vocabulary> parts(pieces.size());
  std::vector<std::exception_ptr> errors(pieces.size());
  auto count_piece = [&](std::size_t k) {
    try {
      parts[k] = text::count_vocabulary(
          pieces[k], origin, static_cast<std::size_t>(pieces[k].data() - utf8.data()), scanned);
    } catch (...) {
      errors[k] = std::current_exception();
    }
  };
  {
    std::vector<std::jthread> helpers;
    for (std::size_t k = 1; k < pieces.size(); ++k) helpers.emplace_back(count_piece, k);
    count_piece(0);
  }
  for (auto& e : errors)  // the first piece's error is the first in the text
    if (e) std::rethrow_exception(e);
  return text::merge_vocabularies(std::move(parts));
}

}  // namespace

std::vector<WordCount> count_words(const text::Tokens& tokens, std::size_t min_length) {
  std::vector<std::uint64_t> counts(tokens.vocab.size(), 0);
  for (auto id : tokens.seq) ++counts[id];
  return sorted_counts(tokens.vocab, counts, min_length);
}

std::vector<WordCount> count_words(std::string_view utf8, std::string_view origin,
                                   std::size_t min_length, int threads,
                                   const text::ScannedStretch& scanned) {
  auto v = count_vocabulary_on(utf8, origin, threads, scanned);
  return sorted_counts(v.words, v.counts, min_length);
}

void write_counts(std::string_view utf8, std::string_view origin, std::size_t min_length,
                  int threads, const text::ScannedStretch& scanned, const CountsSink& sink) {
  const auto v = count_vocabulary_on(utf8, origin, threads, scanned);
  const Ranking r = rank_words(v.words, v.counts, min_length);
  count_lines(
      r.order.size(),
      [&](std::size_t i) {
        const auto id = r.order[i];
        return std::tuple(v.words[id], v.counts[id], percent_of(v.counts[id], r.total));
      },
      sink);
}

std::string format_counts(const std::vector<WordCount>& counts) {
  std::string out;
  count_lines(
      counts.size(),
      [&](std::size_t i) {
        const WordCount& c = counts[i];
        return std::tuple(std::string_view(c.word), c.count, c.percent);
      },
      [&](std::string_view piece) { out.append(piece); });
  return out;
}

std::vector<WordCount> read_counts(const std::string& path, std::size_t keep) {
  std::string text;
  try {
    text = read_file(path);
  } catch (const UsageError&) {
    throw UsageError(fmt::format("{}: cannot read counts", path));
  }
  return parse_counts(text, path, keep);
}

std::vector<WordCount> parse_counts(std::string_view text, std::string_view path,
                                    std::size_t keep) {
  std::vector<WordCount> out;
  std::string_view rest(text);
  for (std::size_t lineno = 1; !rest.empty(); ++lineno) {
    auto nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    if (line.starts_with("#")) continue;
    // Three fields separated by single spaces, as wordcount writes them.
    auto bad = [&] {
      return UsageError(fmt::format("{}:{}: malformed line (want 'word count percent'): '{}'", path,
                                    lineno, line));
    };
    auto s1 = line.find(' ');
    auto s2 = s1 == std::string_view::npos ? s1 : line.find(' ', s1 + 1);
    if (s1 == 0 || s2 == std::string_view::npos || line.find(' ', s2 + 1) != std::string_view::npos)
      throw bad();
    std::string_view count = line.substr(s1 + 1, s2 - s1 - 1), percent = line.substr(s2 + 1);
    WordCount wc{{}, 0, 0};
    auto r1 = std::from_chars(count.data(), count.data() + count.size(), wc.count);
    auto r2 = std::from_chars(percent.data(), percent.data() + percent.size(), wc.percent);
    if (count.empty() || percent.empty() || r1.ec != std::errc() ||
        r1.ptr != count.data() + count.size() || r2.ec != std::errc() ||
        r2.ptr != percent.data() + percent.size())
      throw bad();
    if (out.size() < keep) {
      wc.word = line.substr(0, s1);
      out.push_back(std::move(wc));
    }
  }
  return out;
}

double zipf_exponent(const std::vector<std::uint64_t>& counts) {
  // Least squares of log(count) = b - a log(rank).
  std::size_t n = counts.size();
  if (n < 2) return std::nan("");
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (std::size_t r = 0; r < n; ++r) {
    double x = std::log(static_cast<double>(r + 1));
    double y = std::log(static_cast<double>(counts[r]));
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  double dn = static_cast<double>(n);
  return -(dn * sxy - sx * sy) / (dn * sxx - sx * sx);
}

std::string format_zipf(std::size_t n, const std::vector<ZipfRow>& rows, bool fit) {
  std::string out = "Book";
  for (std::size_t i = 1; i <= n; ++i) fmt::format_to(std::back_inserter(out), ",word{}", i);
  if (fit) out += ",exponent";
  out += '\n';
  for (const auto& r : rows) {
    out += report::csv_field(r.book);  // a book's name may hold a comma or a quote
    for (auto c : r.top) fmt::format_to(std::back_inserter(out), ",{}", c);
    if (fit) fmt::format_to(std::back_inserter(out), ",{:.6f}", zipf_exponent(r.top));
    out += '\n';
  }
  return out;
}

std::string book_name(const std::string& path) {
  auto slash = path.find_last_of('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  auto dot = name.find_last_of('.');
  return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

}  // namespace parkit::workloads
