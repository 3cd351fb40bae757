#include "parkit/detail/pool_task.hpp"

#include "parkit/errors.hpp"

namespace parkit::detail {

Bytes run_encoded(const std::function<Bytes()>& body, std::uint64_t first) {
  Bytes out;
  try {
    Bytes result = body();
    out.reserve(result.size() + 1);
    append_bytes(out, std::uint8_t{1});
    out.insert(out.end(), result.begin(), result.end());
  } catch (...) {
    Failure f = classify(std::current_exception());
    out.clear();
    append_bytes(out, std::uint8_t{0});
    append_bytes(out, static_cast<std::uint64_t>(f.task.value_or(first)));
    append_bytes(out, f.message);
  }
  return out;
}

void finish_reply(std::span<const std::byte> reply, int rank, const ReplyDone& done) {
  std::uint8_t good = 0;
  std::uint64_t task = 0;
  std::string message;
  try {
    reply = reply.subspan(read_bytes(reply, good));
    if (!good) {
      reply = reply.subspan(read_bytes(reply, task));
      read_bytes(reply, message);
    }
  } catch (...) {
    return done({}, std::make_exception_ptr(CommError("a pool worker sent a malformed reply")));
  }
  if (good) return done(Bytes(reply.begin(), reply.end()), nullptr);
  done({}, std::make_exception_ptr(TaskError(static_cast<std::size_t>(task), rank, message)));
}

}  // namespace parkit::detail
