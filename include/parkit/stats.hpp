// The mean of a sample and its standard error (sample standard deviation / sqrt(n)), summed in
// the order given, so the same values always give the same bits.
#pragma once

#include <span>

namespace parkit {

struct MeanError {
  double mean = 0, std_error = 0;  // std_error is 0 for fewer than two values
};
MeanError mean_error(std::span<const double> values);

}  // namespace parkit
