#include "comm/thread_comm.hpp"

#include <fmt/format.h>

#include <thread>

#include "comm/pending.hpp"
#include "parkit/detail/failure.hpp"

namespace parkit::detail {

ThreadTeam::ThreadTeam(int size) : size_(size), boxes_(new Mailbox[size]) {}

void ThreadTeam::abort() noexcept {
  aborted_.store(true);
  for (int r = 0; r < size_; ++r) {
    std::lock_guard lock(boxes_[r].m);
    boxes_[r].cv.notify_all();
  }
  std::lock_guard lock(barrier_m_);
  barrier_cv_.notify_all();
}

void ThreadTeam::post(int dest, Message m) {
  Mailbox& box = boxes_[dest];
  {
    std::lock_guard lock(box.m);
    box.q.push_back(std::move(m));
  }
  box.cv.notify_all();
}

Message ThreadTeam::take(int self, int source, int tag) {
  Mailbox& box = boxes_[self];
  std::unique_lock lock(box.m);
  for (;;) {
    if (auto m = take_match(box.q, source, tag)) return std::move(*m);
    if (aborted()) throw Cancelled();
    box.cv.wait(lock);
  }
}

std::optional<Message> ThreadTeam::try_take(int self, int source, int tag) {
  Mailbox& box = boxes_[self];
  std::lock_guard lock(box.m);
  if (aborted()) throw Cancelled();
  return take_match(box.q, source, tag);
}

void ThreadTeam::barrier() {
  std::unique_lock lock(barrier_m_);
  if (aborted()) throw Cancelled();
  std::uint64_t gen = generation_;
  if (++arrived_ == size_) {
    arrived_ = 0;
    ++generation_;
    barrier_cv_.notify_all();
    return;
  }
  barrier_cv_.wait(lock, [&] { return generation_ != gen || aborted(); });
  if (generation_ == gen) throw Cancelled();
}

void ThreadComm::send_bytes(std::span<const std::byte> data, int dest, int tag) {
  check_peer(dest, "send");
  if (team_.aborted()) throw Cancelled();
  team_.post(dest, Message{rank_, tag, Bytes(data.begin(), data.end())});
}

Message ThreadComm::recv_bytes(int source, int tag) {
  if (source != any_source) check_peer(source, "recv");
  return team_.take(rank_, source, tag);
}

std::optional<Message> ThreadComm::try_recv_bytes(int source, int tag) {
  if (source != any_source) check_peer(source, "recv");
  return team_.try_take(rank_, source, tag);
}

void run_threads(int size, const std::function<void(Comm&)>& fn) {
  ThreadTeam team(size);
  FailureRecord failure;
  auto body = [&](int r) {
    ThreadComm comm(team, r);
    try {
      fn(comm);
    } catch (...) {
      if (failure.record(as_rank_failure(std::current_exception(), r))) team.abort();
    }
  };
  std::vector<std::jthread> threads;
  threads.reserve(size - 1);
  try {
    for (int r = 1; r < size; ++r) threads.emplace_back(body, r);
  } catch (...) {
    // Could not start every rank: release those that did, then report why.
    team.abort();
    threads.clear();
    throw CommError("threads: cannot start the team's threads");
  }
  body(0);
  threads.clear();  // joins
  if (auto e = failure.get()) std::rethrow_exception(e);
}

}  // namespace parkit::detail
