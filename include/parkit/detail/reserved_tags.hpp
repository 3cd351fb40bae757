// Every message tag parkit keeps for itself, in one place. User tags are >= 0; a receive with
// any_tag never takes one of these (Message::matches).
#pragma once

namespace parkit::detail {

enum ReservedTag : int {
  // Comm's default collectives (comm.cpp), for transports without native ones.
  tag_barrier = -10,
  tag_bcast = -11,
  tag_gather = -12,
  tag_scatter = -13,
  // The patterns (map.hpp): results to rank 0.
  tag_map = -20,
  tag_imap = -21,
  // TeamPool: tasks to the serving ranks, and their replies.
  tag_pool_task = -30,
  tag_pool_result = -31,
};

}  // namespace parkit::detail
