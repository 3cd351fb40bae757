// The default collectives: linear algorithms over point-to-point messages. They are correct on
// any transport; a transport with native collectives (MPI) overrides them.
#include "parkit/comm.hpp"

#include "parkit/detail/reserved_tags.hpp"

#include <fmt/format.h>

#include <cstring>

namespace parkit {

void Comm::check_user_tag(int tag) {
  if (tag < 0) throw UsageError(fmt::format("message tag {} is reserved: user tags are >= 0", tag));
}

void Comm::check_peer(int peer, const char* what) const {
  if (peer < 0 || peer >= size())
    throw UsageError(fmt::format("{}: rank {} is not in a team of {}", what, peer, size()));
}

void Comm::check_received(std::size_t got, std::size_t buffer) {
  if (got != buffer)
    throw CommError(fmt::format("received {} bytes into a buffer of {}", got, buffer));
}

void Comm::copy_exact(std::span<const std::byte> from, std::span<std::byte> to) {
  check_received(from.size(), to.size());
  if (!from.empty()) std::memcpy(to.data(), from.data(), from.size());
}

void Comm::recv_bytes_into(std::span<std::byte> out, int source, int tag) {
  Message m = recv_bytes(source, tag);
  copy_exact(m.data, out);
}

void Comm::barrier() {
  // Everyone reports to rank 0, which then releases everyone.
  if (size() == 1) return;
  if (rank() == 0) {
    for (int r = 1; r < size(); ++r) recv_bytes(r, detail::tag_barrier);
    for (int r = 1; r < size(); ++r) send_bytes({}, r, detail::tag_barrier);
  } else {
    send_bytes({}, 0, detail::tag_barrier);
    recv_bytes(0, detail::tag_barrier);
  }
}

void Comm::bcast_bytes(Bytes& data, int root) {
  if (rank() == root) {
    for (int r = 0; r < size(); ++r)
      if (r != root) send_bytes(data, r, detail::tag_bcast);
  } else {
    data = recv_bytes(root, detail::tag_bcast).data;
  }
}

std::vector<Bytes> Comm::gather_bytes(std::span<const std::byte> mine, int root) {
  std::vector<Bytes> out;
  if (rank() != root) {
    send_bytes(mine, root, detail::tag_gather);
    return out;
  }
  out.resize(size());
  for (int r = 0; r < size(); ++r)
    out[r] = r == root ? Bytes(mine.begin(), mine.end()) : recv_bytes(r, detail::tag_gather).data;
  return out;
}

Bytes Comm::scatter_bytes(const std::vector<Bytes>& parts, int root) {
  if (rank() != root) return recv_bytes(root, detail::tag_scatter).data;
  if (parts.size() != static_cast<std::size_t>(size()))
    throw UsageError("scatter: root must pass exactly one part per rank");
  for (int r = 0; r < size(); ++r)
    if (r != root) send_bytes(parts[r], r, detail::tag_scatter);
  return parts[root];
}

}  // namespace parkit
