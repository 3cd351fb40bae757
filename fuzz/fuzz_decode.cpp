// Fuzz target: decoding a message's payload (parkit::from_bytes, over cereal) as the types teams
// send, and a pool worker's reply. Anything malformed is a CommError (or, for a reply, the
// failure it encodes); a size claimed in the message is never allocated beyond the bytes there.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include "parkit/detail/pool_chunks.hpp"
#include "parkit/detail/pool_task.hpp"
#include "parkit/errors.hpp"
#include "parkit/serialization.hpp"

namespace {
template <class T>
void decode(std::span<const std::byte> in) {
  try {
    T value = parkit::from_bytes<T>(in);
    // What decodes, encoded again, decodes to the same encoding (bytes: NaN != NaN).
    parkit::Bytes once = parkit::to_bytes(value);
    if (parkit::to_bytes(parkit::from_bytes<T>(once)) != once) __builtin_trap();
  } catch (const parkit::CommError&) {
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::span<const std::byte> in(reinterpret_cast<const std::byte*>(data), size);
  decode<std::int64_t>(in);
  decode<std::string>(in);
  decode<std::vector<double>>(in);
  decode<std::vector<std::string>>(in);
  decode<std::vector<std::vector<std::uint32_t>>>(in);
  decode<std::map<std::string, std::vector<std::int32_t>>>(in);
  decode<std::tuple<int, std::string, std::vector<std::uint64_t>>>(in);
  decode<std::optional<std::string>>(in);
  decode<std::variant<std::int32_t, std::string, std::vector<std::string>>>(in);
  decode<std::pair<std::string, std::vector<bool>>>(in);

  // A pool worker's reply: results for the caller, or a task's failure.
  int calls = 0;
  auto done = parkit::detail::decode_results<std::string>(
      [&](std::vector<std::string>&&, std::exception_ptr) { ++calls; });
  try {
    parkit::detail::finish_reply(in, 1, done);
  } catch (const parkit::CommError&) {
    ++calls;
  }
  if (calls != 1) __builtin_trap();  // the caller hears of its chunk exactly once
  return 0;
}
