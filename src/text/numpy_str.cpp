// The layout follows numpy/core/arrayprint.py (_formatArray, _extendLine, IntegerFormat,
// FloatingFormat in 'maxprec' mode), NumPy 1.14 and later.
#include "parkit/text/numpy_str.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace parkit::text {

namespace {

constexpr std::size_t kLineWidth = 75;
constexpr std::size_t kMaxItems = 1000;  // NumPy's threshold: more items are summarized

using Words = std::vector<std::string>;

// One row: items joined by a space, wrapped where an item would pass `width` (NumPy keeps
// room for the closing bracket), continuation lines starting with `indent`.
std::string format_row(const Words& words, std::size_t first, std::size_t count,
                       std::string_view indent, std::size_t width) {
  if (count == 0) return "[]";
  const std::size_t item_width = width - 1;  // len(']')
  std::string s, line(indent);
  for (std::size_t i = 0; i < count; ++i) {
    const std::string& word = words[first + i];
    if (line.size() + word.size() > item_width && line.size() > indent.size()) {
      line.erase(line.find_last_not_of(' ') + 1);
      s += line + "\n";
      line = indent;
    }
    line += word;
    if (i + 1 < count) line += ' ';
  }
  s += line;
  return "[" + s.substr(indent.size()) + "]";
}

Words int_words(std::span<const int> v) {
  Words w;
  std::size_t pad = 0;
  for (int x : v) {
    w.push_back(std::to_string(x));
    pad = std::max(pad, w.back().size());
  }
  for (auto& s : w) s.insert(0, pad - s.size(), ' ');
  return w;
}

// Dragon4 positional with precision 8, unique, trim '.': the shortest digits that round-trip,
// cut to 8 after the point (rounded), trailing zeros dropped but the point kept.
std::string float_digits(double x) {
  char buf[400];
  auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed);
  std::string s(buf, r.ptr);
  auto dot = s.find('.');
  if (dot != std::string::npos && s.size() - dot - 1 > 8) {
    r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed, 8);
    s.assign(buf, r.ptr);
    dot = s.find('.');
  }
  if (dot == std::string::npos) return s + ".";
  s.erase(std::max(s.find_last_not_of('0') + 1, dot + 1));
  return s;
}

void check_int_shape(std::span<const int> v, std::size_t rows) {
  if (v.size() > kMaxItems)
    throw std::invalid_argument(
        fmt::format("numpy_str: {} items (NumPy summarizes above {})", v.size(), kMaxItems));
  if (rows == 0 || v.size() % rows != 0)
    throw std::invalid_argument(
        fmt::format("numpy_str: {} items do not make {} equal rows", v.size(), rows));
}

}  // namespace

std::string numpy_str(std::span<const int> v) {
  check_int_shape(v, 1);
  return format_row(int_words(v), 0, v.size(), " ", kLineWidth);
}

std::string numpy_str(std::span<const int> v, std::size_t rows) {
  check_int_shape(v, rows);
  Words w = int_words(v);  // one width for the whole array, as NumPy pads
  const std::size_t cols = v.size() / rows;
  std::string s = "[";
  for (std::size_t r = 0; r < rows; ++r)
    s += (r ? "\n " : "") + format_row(w, r * cols, cols, "  ", kLineWidth - 1);
  return s + "]";
}

std::string numpy_str(std::span<const double> v) {
  if (v.size() > kMaxItems)
    throw std::invalid_argument(
        fmt::format("numpy_str: {} items (NumPy summarizes above {})", v.size(), kMaxItems));
  double lo = 0, hi = 0;
  for (double x : v) {
    if (!std::isfinite(x))
      throw std::invalid_argument("numpy_str: a non-finite value (nan or inf)");
    double a = std::fabs(x);
    if (a == 0) continue;
    lo = lo == 0 ? a : std::min(lo, a);
    hi = std::max(hi, a);
  }
  if (hi >= 1e8 || (lo != 0 && (lo < 1e-4 || hi / lo > 1000.)))
    throw std::invalid_argument(
        "numpy_str: these values would print in scientific notation, which parkit does not "
        "format");
  Words w;
  std::size_t left = 0, right = 0;
  for (double x : v) {
    w.push_back(float_digits(x));
    auto dot = w.back().find('.');
    left = std::max(left, dot);
    right = std::max(right, w.back().size() - dot - 1);
  }
  for (auto& s : w) {
    auto dot = s.find('.');
    s.insert(0, left - dot, ' ');
    s.append(right - (s.size() - (left + 1)), ' ');
  }
  return format_row(w, 0, w.size(), " ", kLineWidth);
}

}  // namespace parkit::text
