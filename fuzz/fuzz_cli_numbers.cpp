// Fuzz target: the CLI's numbers. An option checked by int_in_range must either be refused (a
// CLI11 ParseError: exit 2) or hold exactly the whole number its text says, within range
// (CLI11's own conversion must agree with the check: "010", "0x10", "1e3", " 7"...).
#include <cstddef>
#include <cstdint>
#include <string>

#include "cli.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  for (long long hi : {1000LL, 2147483647LL, 1LL << 62}) {
    for (const char* opt : {"--n", "--k"}) {
      CLI::App app("fuzz");
      long long value = -1;
      int small = -1;
      app.add_option("--n", value)->transform(parkit::cli::int_in_range(1, hi));
      app.add_option("--k", small)->transform(parkit::cli::int_in_range(0, 1000));
      std::vector<std::string> args{text, opt};  // CLI11 parses a reversed vector
      try {
        app.parse(args);
      } catch (const CLI::ParseError&) {
        continue;
      }
      // Accepted: it must be the number written in decimal, in range.
      std::size_t used = 0;
      long long expect = std::stoll(text, &used);
      if (used != text.size()) __builtin_trap();
      long long got = opt[2] == 'n' ? value : small;
      long long lo = opt[2] == 'n' ? 1 : 0, top = opt[2] == 'n' ? hi : 1000;
      if (got != expect || got < lo || got > top) __builtin_trap();
    }
  }
  return 0;
}
