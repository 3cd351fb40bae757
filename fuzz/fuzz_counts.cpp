// Fuzz target: the .dat parser (what zipf, acf and plot-counts read). Bad lines are a UsageError
// naming the line; what parses must survive a round trip through format_counts.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parkit/errors.hpp"
#include "parkit/workloads/wordcount.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  using namespace parkit::workloads;
  try {
    auto counts = parse_counts(text, "fuzz.dat");
    auto again = parse_counts(format_counts(counts), "again.dat");
    if (again.size() != counts.size()) __builtin_trap();
    for (std::size_t k = 0; k < counts.size(); ++k)
      if (again[k].word != counts[k].word || again[k].count != counts[k].count) __builtin_trap();
  } catch (const parkit::UsageError&) {
  }
  return 0;
}
