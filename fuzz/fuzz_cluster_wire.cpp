// Fuzz target: what a cluster socket may receive (issue 14). The input is a mode byte, then
// frames separated by "\n--\n". Mode 0: the frames as they came, opened with a fixed key: only
// a message sealed with that key may open (the seeds hold one), and what opens seals back to the
// same frames. Mode 1: the fuzzer's header and body are signed with the key first, so the
// header's parsing is what is tried: a header that opens must be one seal() would write.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "parkit/cluster/wire.hpp"
#include "parkit/errors.hpp"

namespace {
std::vector<std::string> split(std::string_view s) {
  std::vector<std::string> out;
  const std::string_view sep = "\n--\n";
  while (true) {
    auto at = s.find(sep);
    out.emplace_back(s.substr(0, at));
    if (at == std::string_view::npos) return out;
    s.remove_prefix(at + sep.size());
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace parkit::cluster;
  if (size == 0 || size > 100'000) return 0;
  static const Key key = Key::from_hex(std::string(64, '0'), "fuzz");
  std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto frames = split(in);
  Opener opener(key);
  if (data[0] % 2 == 1 && frames.size() == 3)
    frames[0] = detail::signature(key, frames[1], frames[2]);
  auto r = opener.open(frames);
  if (auto* m = std::get_if<Message>(&r)) {
    if (seal(key, *m) != frames) __builtin_trap();  // opened: exactly what seal writes
    if (!std::holds_alternative<std::string>(opener.open(frames))) __builtin_trap();  // replay
  }
  return 0;
}
