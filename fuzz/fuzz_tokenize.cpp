// Fuzz target: the word tokeniser on arbitrary bytes. Invalid UTF-8 is a UsageError; otherwise
// the ways of walking the words must agree.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parkit/errors.hpp"
#include "parkit/text/words.hpp"
#include "parkit/workloads/wordcount.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  using namespace parkit;
  try {
    auto tokens = text::tokenize(text, "fuzz");
    std::size_t walked = 0;
    text::for_each_word(text, "fuzz", [&](std::string_view w) {
      if (walked >= tokens.seq.size() || tokens.vocab.at(tokens.seq[walked]) != w) __builtin_trap();
      ++walked;
    });
    if (walked != tokens.seq.size()) __builtin_trap();
    auto vocab = text::count_vocabulary(text, "fuzz");
    if (vocab.words.size() != tokens.vocab.size()) __builtin_trap();
    for (std::size_t i = 0; i < tokens.vocab.size(); ++i)
      if (vocab.words[i] != tokens.vocab[i]) __builtin_trap();
    std::uint64_t total = 0;
    for (auto c : vocab.counts) total += c;
    if (total != tokens.seq.size()) __builtin_trap();
    if (!tokens.seq.empty()) (void)workloads::format_counts(workloads::count_words(tokens));
  } catch (const UsageError&) {
  }
  return 0;
}
