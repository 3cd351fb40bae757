// str() of a NumPy array, as print() shows it with NumPy's default print options (linewidth 75,
// precision 8, floatmode 'maxprec', no summary below 1001 items): integers right-aligned to a
// common width; floats in positional notation, each with the fewest digits (at most 8 after the
// point) that identify it, trailing zeros trimmed ("1."), integer parts right-aligned and
// fractions left-aligned to common widths; items joined by one space and lines wrapped at 75
// characters with a one-space hanging indent. The tutorials' MPI examples print arrays this way.
#pragma once

#include <cstddef>
#include <span>
#include <string>

namespace parkit::text {

std::string numpy_str(std::span<const int> v);
// std::invalid_argument where NumPy would switch to scientific notation (a nonzero magnitude
// below 1e-4 or at least 1e8, or a max/min magnitude ratio above 1000), for a non-finite value,
// or above 1000 items (NumPy summarizes with "..."): parkit does not print those forms.
std::string numpy_str(std::span<const double> v);
// A 2-D array of `rows` rows (row-major; v.size() a multiple of rows): "[[0 0]\n [1 1]]".
std::string numpy_str(std::span<const int> v, std::size_t rows);

}  // namespace parkit::text
