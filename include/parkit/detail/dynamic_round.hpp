// Dynamic scheduling over a Comm's scheduling word (which holds a round number in its high 16
// bits and the next unclaimed task of that round in its low 48 bits).
//
// Every rank of the team opens the round with the same (n, chunk) and calls next() until it
// returns nullopt. Rounds need no barrier between them: a rank enters round R+1 only after its
// claim in round R failed, i.e. after every chunk of round R was claimed; so a claimer that still
// sees round R in the word starts round R+1 at task 0, and one that sees a later round knows its
// own round is over.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "parkit/detail/comm_access.hpp"

namespace parkit::detail {

class DynamicRound {
 public:
  DynamicRound(Comm& c, std::size_t n, std::size_t chunk)
      : c_(c), round_(CommAccess::next_sched_round(c)), n_(n), chunk_(chunk) {}
  // Start of the next chunk this rank owns, or nullopt when none is left.
  std::optional<std::size_t> next() {
    std::int64_t cur = CommAccess::sched_load(c_);
    for (;;) {
      auto seen = static_cast<std::uint16_t>(static_cast<std::uint64_t>(cur) >> 48);
      auto ahead = static_cast<std::int16_t>(static_cast<std::uint16_t>(seen - round_));
      if (ahead > 0) return std::nullopt;
      std::uint64_t start = ahead < 0 ? 0 : (static_cast<std::uint64_t>(cur) & low48);
      if (start >= n_) return std::nullopt;
      auto want = static_cast<std::int64_t>((std::uint64_t{round_} << 48) | (start + chunk_));
      if (CommAccess::sched_cas(c_, cur, want)) return static_cast<std::size_t>(start);
    }
  }

 private:
  static constexpr std::uint64_t low48 = (std::uint64_t{1} << 48) - 1;
  Comm& c_;
  std::uint16_t round_;
  std::size_t n_, chunk_;
};

}  // namespace parkit::detail
