// Python's repr(float): the shortest digits that round-trip, in fixed notation for exponents
// -4..15 and in scientific notation (at least two exponent digits) outside.
#pragma once

#include <string>
#include <vector>

namespace parkit::text {

std::string python_repr(double v);
// print(list) of floats: "[0.1, 2.0, -3e-05]".
std::string python_list(const std::vector<double>& v);

}  // namespace parkit::text
