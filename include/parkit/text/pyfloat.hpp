// Python's repr(float): the shortest digits that round-trip, in fixed notation for exponents
// -4..15 and in scientific notation (at least two exponent digits) outside.
#pragma once

#include <string>

namespace parkit::text {

std::string python_repr(double v);

}  // namespace parkit::text
