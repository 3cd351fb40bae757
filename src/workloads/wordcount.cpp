#include "parkit/workloads/wordcount.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <charconv>
#include <fstream>
#include <numeric>
#include <sstream>

#include "parkit/errors.hpp"
#include "parkit/text/pyfloat.hpp"

namespace parkit::workloads {

std::vector<WordCount> count_words(const text::Tokens& tokens, std::size_t min_length) {
  std::vector<std::uint64_t> counts(tokens.vocab.size(), 0);
  for (auto id : tokens.seq) ++counts[id];
  std::vector<std::uint32_t> order;
  order.reserve(counts.size());
  for (std::uint32_t id = 0; id < counts.size(); ++id)
    if (min_length <= 1 || text::code_points(tokens.vocab[id]) >= min_length) order.push_back(id);
  // Vocabulary ids are in first-appearance order, so a stable sort keeps ties in that order.
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return counts[a] > counts[b]; });
  std::uint64_t total = 0;
  for (auto id : order) total += counts[id];
  std::vector<WordCount> out;
  out.reserve(order.size());
  for (auto id : order)
    out.push_back({tokens.vocab[id], counts[id],
                   (static_cast<double>(counts[id]) / static_cast<double>(total)) * 100.0});
  return out;
}

std::string format_counts(const std::vector<WordCount>& counts) {
  std::string out;
  for (const auto& c : counts)
    fmt::format_to(std::back_inserter(out), "{} {} {}\n", c.word, c.count,
                   text::python_repr(c.percent));
  return out;
}

std::vector<WordCount> read_counts(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError(fmt::format("{}: cannot read counts", path));
  std::vector<WordCount> out;
  std::string line;
  for (std::size_t lineno = 1; std::getline(in, line); ++lineno) {
    if (line.starts_with("#")) continue;
    std::istringstream fields(line);
    std::string word, count, percent, extra;
    fields >> word >> count >> percent;
    WordCount wc{word, 0, 0};
    auto bad = [&] {
      return UsageError(fmt::format("{}:{}: malformed line (want 'word count percent'): '{}'",
                                    path, lineno, line));
    };
    if (percent.empty() || (fields >> extra)) throw bad();
    auto r1 = std::from_chars(count.data(), count.data() + count.size(), wc.count);
    auto r2 = std::from_chars(percent.data(), percent.data() + percent.size(), wc.percent);
    if (r1.ec != std::errc() || r1.ptr != count.data() + count.size() || r2.ec != std::errc() ||
        r2.ptr != percent.data() + percent.size())
      throw bad();
    out.push_back(std::move(wc));
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
    out += r.book;
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
