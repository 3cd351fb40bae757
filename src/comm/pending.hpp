// Messages that arrived before anyone asked for them, in arrival order: both transports keep
// such a queue and take the first message that matches a receive.
#pragma once

#include <deque>
#include <optional>

#include "parkit/comm.hpp"

namespace parkit::detail {

inline std::optional<Message> take_match(std::deque<Message>& q, int source, int tag) {
  for (auto it = q.begin(); it != q.end(); ++it)
    if (it->matches(source, tag)) {
      Message m = std::move(*it);
      q.erase(it);
      return m;
    }
  return std::nullopt;
}

}  // namespace parkit::detail
