#include "parkit/report/table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "parkit/errors.hpp"

namespace parkit::report {

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

namespace {
bool numeric(const std::string& s) {
  return !s.empty() &&
         (std::isdigit(static_cast<unsigned char>(s[0])) || s[0] == '-' || s[0] == '.');
}
}  // namespace

void Table::add_row(std::vector<std::string> cells) {
  if (cells.size() != headers_.size())
    throw Error(
        fmt::format("table row has {} cells for {} columns", cells.size(), headers_.size()));
  rows_.push_back(std::move(cells));
}

std::string Table::str() const {
  std::vector<std::size_t> w(headers_.size());
  for (std::size_t c = 0; c < w.size(); ++c) {
    w[c] = headers_[c].size();
    for (auto& r : rows_) w[c] = std::max(w[c], r[c].size());
  }
  auto line = [&](const std::vector<std::string>& cells, bool header) {
    std::string out;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (c) out += "  ";
      bool right = !header && numeric(cells[c]);
      out += right ? fmt::format("{:>{}}", cells[c], w[c]) : fmt::format("{:<{}}", cells[c], w[c]);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string out = line(headers_, true);
  std::size_t total = 0;
  for (auto x : w) total += x;
  out += std::string(total + 2 * (w.size() - 1), '-') + "\n";
  for (auto& r : rows_) out += line(r, false);
  return out;
}

}  // namespace parkit::report
