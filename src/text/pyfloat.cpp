#include "parkit/text/pyfloat.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string_view>

namespace parkit::text {

std::string python_repr(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (v == 0) return std::signbit(v) ? "-0.0" : "0.0";
  // Shortest round-trip digits, as d.ddde±x.
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string_view s(buf, static_cast<std::size_t>(r.ptr - buf));
  std::string sign;
  if (s.front() == '-') {
    sign = "-";
    s.remove_prefix(1);
  }
  auto e = s.find('e');
  int exp = std::atoi(std::string(s.substr(e + 1)).c_str());
  std::string digits;
  for (char c : s.substr(0, e))
    if (c != '.') digits += c;
  if (exp < -4 || exp >= 16) {
    std::string_view d(digits);
    return fmt::format("{}{}{}{}e{}{:02d}", sign, d.substr(0, 1), d.size() > 1 ? "." : "",
                       d.substr(1), exp < 0 ? '-' : '+', std::abs(exp));
  }
  std::string out = sign;
  if (exp < 0) {
    out.append("0.").append(static_cast<std::size_t>(-exp) - 1, '0').append(digits);
    return out;
  }
  auto int_len = static_cast<std::size_t>(exp) + 1;
  if (digits.size() <= int_len) {
    out.append(digits).append(int_len - digits.size(), '0').append(".0");
    return out;
  }
  out.append(digits, 0, int_len).append(".").append(digits, int_len);
  return out;
}

std::string python_list(const std::vector<double>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + python_repr(v[i]);
  return out + "]";
}

}  // namespace parkit::text
