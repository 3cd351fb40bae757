// Plain-text tables for the terminal: columns sized to their widest cell, numbers right-aligned.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace parkit::report {

// One CSV field as RFC 4180 writes it: quoted (with quotes doubled) when it holds a comma, a
// quote or a line break; as it is otherwise.
std::string csv_field(std::string_view s);

class Table {
 public:
  explicit Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}
  void add_row(std::vector<std::string> cells);
  std::string str() const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace parkit::report
