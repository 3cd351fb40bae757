#include "comm/process_comm.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <optional>

#include "comm/pending.hpp"
#include "core/frame.hpp"
#include "parkit/detail/failure.hpp"
#include "parkit/files.hpp"

namespace parkit::detail {

namespace {

// Children re-check the team's abort flag this often while they wait.
constexpr int child_poll_ms = 100;
// How long a wait polls before it sleeps (see sys::poll_fds_spin).
constexpr int spin_us = 100;

constexpr std::string_view team_dir_prefix = "parkit-team-";

// Removes team folders (ours) left by a team whose rank 0 was killed before it could.
void sweep_stale_team_dirs(const std::string& base) {
  std::vector<std::string> names;
  if (sys::list_dir(base, names)) return;
  for (const auto& n : names) {
    if (!n.starts_with(team_dir_prefix)) continue;
    long pid = std::strtol(n.c_str() + team_dir_prefix.size(), nullptr, 10);
    if (pid > 0 && sys::process_is_gone(static_cast<pid_t>(pid)))
      sys::remove_tree_if_mine(base + "/" + n);
  }
}

// Where team folders go: a memory file system, since a disk one costs a team ~0.3 ms of
// metadata writes here: the user's runtime folder ($XDG_RUNTIME_DIR), else /dev/shm, else the
// temporary folder ($TMPDIR, /tmp).
std::string team_dir_base() {
  const char* run = std::getenv("XDG_RUNTIME_DIR");  // NOLINT(concurrency-mt-unsafe): read only
  if (run && *run) return run;
  sys::FileInfo shm;
  if (sys::path_info("/dev/shm", shm) == 0 && shm.type == sys::FileType::directory)
    return "/dev/shm";
  return TempDir::default_base();
}

// The team's private folder (mode 0700: no other user can reach its sockets), under
// team_dir_base() unless that is too long for socket paths.
void make_team_dir(int size, std::optional<TempDir>& out) {
  std::string base = team_dir_base();
  std::size_t need = base.size() + team_dir_prefix.size() + 32 + std::to_string(size).size();
  if (need > sys::max_socket_path) base = "/tmp";
  // Once per process and folder: a folder's listing costs more than a whole small team.
  static std::mutex m;
  static std::vector<std::string> swept;
  {
    std::lock_guard lock(m);
    if (std::find(swept.begin(), swept.end(), base) == swept.end()) {
      sweep_stale_team_dirs(base);
      swept.push_back(base);
    }
  }
  out.emplace(fmt::format("{}{}", team_dir_prefix, ::getpid()), base);
}

CommError peer_gone(int peer, int self) {
  return CommError(fmt::format("rank {} is gone: rank {} lost its connection to it", peer, self));
}

}  // namespace

std::string ProcessComm::socket_name(const std::string& team_dir, int rank) {
  return fmt::format("{}/{}", team_dir, rank);
}

ProcessComm::ProcessComm(int rank, int size, std::string team_dir, sys::Fd listener,
                         std::vector<sys::Fd> out, std::vector<sys::Fd> in, SharedSlots& slots,
                         std::vector<Child>* children)
    : rank_(rank),
      size_(size),
      team_id_(std::move(team_dir)),
      listener_(std::move(listener)),
      slots_(slots),
      children_(children),
      out_(std::move(out)),
      in_(std::move(in)),
      readers_(size),
      in_eof_(size, 0) {
  out_.resize(size);
  in_.resize(size);
}

int ProcessComm::out_fd(int dest) {
  if (!out_[dest]) {
    if (team_id_.empty()) throw peer_gone(dest, rank_);  // meshed: that connection is closed
    sys::Fd fd = sys::connect_path(socket_name(team_id_, dest));
    if (!fd) throw peer_gone(dest, rank_);
    std::int32_t me = rank_;
    iovec iov{&me, sizeof me};
    if (!sys::send_all(fd.get(), std::span(&iov, 1))) throw peer_gone(dest, rank_);
    sys::set_nonblocking(fd.get());
    out_[dest] = std::move(fd);
  }
  return out_[dest].get();
}

void ProcessComm::send_bytes(std::span<const std::byte> data, int dest, int tag) {
  check_peer(dest, "send");
  if (cancelled()) throw Cancelled();
  if (dest == rank_) {
    pending_.push_back(Message{rank_, tag, Bytes(data.begin(), data.end())});
    return;
  }
  int fd = out_fd(dest);
  FrameHeader h = frame_header(tag, data.size());
  iovec iov[2] = {{&h, sizeof h}, {const_cast<std::byte*>(data.data()), data.size()}};
  std::span<iovec> left(iov, data.empty() ? 1 : 2);
  std::size_t first = 0;
  while (first < left.size()) {
    auto n = sys::send_some(fd, left.subspan(first));
    if (!n) throw peer_gone(dest, rank_);
    sys::consume_iov(left, first, *n);
    if (*n == 0) {
      // The receiver's buffer is full: read what arrives for us meanwhile, so two ranks that
      // send to each other at once both make progress.
      if (cancelled()) throw Cancelled();
      pump(children_ ? -1 : child_poll_ms, fd);
    }
  }
}

void ProcessComm::accept_pending() {
  if (!listener_) return;  // a meshed team is connected already
  for (;;) {
    sys::Fd fd = sys::accept_nonblocking(listener_.get());
    if (!fd) return;
    // Only the team's own processes get in: the folder keeps other users out, and a process of
    // ours that is not a rank is closed at once, before anything it sent is read.
    auto peer = sys::peer_credentials(fd.get());
    if (!peer || peer->uid != ::geteuid() || !is_team_pid(peer->pid)) continue;
    std::int32_t who = -1;
    if (!sys::recv_all(fd.get(), std::as_writable_bytes(std::span(&who, 1)))) continue;
    if (who < 0 || who >= size_ ||
        slots_.slot(who).pid.load(std::memory_order_acquire) != peer->pid)
      throw CommError(fmt::format("team socket: pid {} claimed to be rank {}", peer->pid, who));
    sys::set_nonblocking(fd.get());
    in_[who] = std::move(fd);
  }
}

void ProcessComm::check_children() const noexcept {
  // Rank 0 may be computing a long block rather than waiting on a socket, where it would see a
  // death at once. So whenever it asks whether the team was cancelled (every 64 tasks, between
  // chunks), it peeks at its children, at most every few milliseconds: a child that died
  // without finishing or reporting its own failure cancels the team. Peeking (WNOWAIT) leaves
  // the reaping, and the verdict, to finish_team.
  // The coarse clock (a few ns, no system call; it moves in steps of a few ms) is enough here.
  std::int64_t now = sys::coarse_now_ns();
  if (now < next_child_check_.load(std::memory_order_relaxed)) return;
  next_child_check_.store(now + 5'000'000, std::memory_order_relaxed);
  for (const Child& c : *children_) {
    if (c.reaped || !c.pidfd) continue;
    auto end = sys::peek_child_end(c.pidfd.get());
    if (end &&
        !(end->exited && (end->code_or_signal == exit_ok || end->code_or_signal == exit_reported)))
      slots_.aborted().store(1);
  }
}

bool ProcessComm::is_team_pid(pid_t pid) const {
  for (int r = 0; r < size_; ++r)
    if (slots_.slot(r).pid.load(std::memory_order_acquire) == pid) return true;
  return false;
}

void ProcessComm::pump(int timeout_ms, int writable) {
  std::vector<pollfd> fds;
  std::vector<int> owner;  // rank for in_ entries, -1 listener, -2 writable, -(3+i) child i
  if (listener_) {
    fds.push_back({listener_.get(), POLLIN, 0});
    owner.push_back(-1);
  }
  if (writable >= 0) {
    fds.push_back({writable, POLLOUT, 0});
    owner.push_back(-2);
  }
  for (int r = 0; r < size_; ++r) {
    if (in_[r]) {
      fds.push_back({in_[r].get(), POLLIN, 0});
      owner.push_back(r);
    }
  }
  if (children_) {
    for (std::size_t i = 0; i < children_->size(); ++i) {
      const Child& c = (*children_)[i];
      if (!c.reaped) {
        fds.push_back({c.pidfd.get(), POLLIN, 0});
        owner.push_back(-3 - static_cast<int>(i));
      }
    }
  }
  if (sys::poll_fds_spin(fds, timeout_ms, spin_us) <= 0) return;
  bool child_failed = false;
  for (std::size_t k = 0; k < fds.size(); ++k) {
    if (!fds[k].revents) continue;
    int who = owner[k];
    if (who == -1) {
      accept_pending();
    } else if (who >= 0) {
      bool open = readers_[who].drain(in_[who].get(), [&](Frame&& f) {
        pending_.push_back(Message{who, f.tag, std::move(f.data)});
      });
      if (!open) {
        in_[who].reset();
        in_eof_[who] = 1;
      }
    } else if (who <= -3) {
      Child& c = (*children_)[static_cast<std::size_t>(-3 - who)];
      if (try_reap(c) && child_outcome(c, slots_.slot(c.rank))) child_failed = true;
    }
  }
  // A child that failed makes the whole team fail; run_processes reports its error.
  if (child_failed) throw Cancelled();
}

void ProcessComm::check_can_arrive(int source) {
  if (source == rank_)
    throw UsageError(
        fmt::format("rank {} waits for a message from itself that was never sent", rank_));
  if (source != any_source) {
    if (in_eof_[source]) throw peer_gone(source, rank_);
    if (children_ && !in_[source] && (*children_)[source - 1].reaped) {
      accept_pending();
      if (!in_[source])
        throw CommError(
            fmt::format("rank {} finished without sending what rank {} waits for", source, rank_));
    }
    return;
  }
  if (children_) {
    for (int r = 1; r < size_; ++r)
      if (!(*children_)[r - 1].reaped || in_[r]) return;
    accept_pending();
    for (int r = 1; r < size_; ++r)
      if (in_[r]) return;
    throw CommError("every other rank finished without sending what rank 0 waits for");
  }
}

Message ProcessComm::recv_bytes(int source, int tag) {
  if (source != any_source) check_peer(source, "recv");
  for (;;) {
    if (auto m = take_match(pending_, source, tag)) return std::move(*m);
    if (cancelled()) throw Cancelled();
    check_can_arrive(source);
    pump(children_ ? -1 : child_poll_ms);
  }
}

std::optional<Message> ProcessComm::try_recv_bytes(int source, int tag) {
  if (source != any_source) check_peer(source, "recv");
  if (cancelled()) throw Cancelled();
  if (auto m = take_match(pending_, source, tag)) return m;
  pump(0);
  return take_match(pending_, source, tag);
}

namespace {

// Rank 0 is done (err == nullptr) or failed: wait for the children, kill them if the team
// failed, and throw the most telling failure.
void finish_team(std::vector<Child>& children, SharedSlots& slots, std::exception_ptr err) {
  std::vector<std::exception_ptr> failures;
  if (err) failures.push_back(err);
  auto note = [&](Child& c) {
    if (auto e = child_outcome(c, slots.slot(c.rank))) failures.push_back(e);
  };
  auto wait_some = [&](int timeout_ms) {
    std::vector<pollfd> fds;
    std::vector<Child*> who;
    for (auto& c : children)
      if (!c.reaped) {
        fds.push_back({c.pidfd.get(), POLLIN, 0});
        who.push_back(&c);
      }
    if (fds.empty() || sys::poll_fds_spin(fds, timeout_ms, spin_us) <= 0) return false;
    for (std::size_t k = 0; k < fds.size(); ++k)
      if (fds[k].revents && try_reap(*who[k])) note(*who[k]);
    return true;
  };
  auto all_reaped = [&] {
    for (auto& c : children)
      if (!c.reaped) return false;
    return true;
  };
  // Children already reaped by rank 0's comm count too.
  for (auto& c : children)
    if (c.reaped) note(c);

  while (failures.empty() && !all_reaped()) wait_some(-1);
  if (failures.empty()) return;

  slots.aborted().store(1);
  // A peer's death is often what made rank 0 fail: give children already on their way out a
  // moment to exit by themselves, so their own status is what we report.
  if (severity(failures.front()) > 0) {
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(150);
    while (!all_reaped() && std::chrono::steady_clock::now() < until) wait_some(20);
  }
  for (auto& c : children) kill_child(c);
  for (auto& c : children) {
    if (!c.reaped) {
      reap(c);
      if (!c.killed_by_us) note(c);
    }
  }
  std::rethrow_exception(most_telling(failures));
}

}  // namespace

namespace {

// The connections of a meshed team: out[s][d] is rank s's end towards rank d, in[d][s] rank d's
// end of the same socketpair. Or a folder team's listening sockets.
struct TeamLinks {
  std::optional<TempDir> dir;  // removed when rank 0 leaves (children never unwind)
  std::vector<sys::Fd> listeners;
  std::vector<std::vector<sys::Fd>> out, in;

  explicit TeamLinks(int size) : listeners(size), out(size), in(size) {
    if (size <= mesh_max_ranks) {
      for (int r = 0; r < size; ++r) out[r].resize(size), in[r].resize(size);
      for (int s = 0; s < size; ++s)
        for (int d = 0; d < size; ++d) {
          if (s == d) continue;
          auto [a, b] = sys::socket_pair();
          sys::set_nonblocking(a.get());
          sys::set_nonblocking(b.get());
          out[s][d] = std::move(a);
          in[d][s] = std::move(b);
        }
      return;
    }
    make_team_dir(size, dir);
    for (int r = 0; r < size; ++r)
      listeners[r] = sys::listen_path(ProcessComm::socket_name(dir->path(), r), size + 16);
  }
  std::string team_dir() const { return dir ? dir->path() : std::string(); }
  // Every descriptor that is not rank r's.
  void others(int r, std::vector<int>& fds) const {
    for (int k = 0; k < static_cast<int>(listeners.size()); ++k) {
      if (k == r) continue;
      if (listeners[k]) fds.push_back(listeners[k].get());
      for (const auto& fd : out[k])
        if (fd) fds.push_back(fd.get());
      for (const auto& fd : in[k])
        if (fd) fds.push_back(fd.get());
    }
  }
  // Rank r (a child) has its own copies now: close the parent's.
  void forget(int r) {
    listeners[r].reset();
    out[r].clear();
    in[r].clear();
  }
  std::unique_ptr<ProcessComm> comm(int r, SharedSlots& slots, std::vector<Child>* children) {
    return std::make_unique<ProcessComm>(r, static_cast<int>(listeners.size()), team_dir(),
                                         std::move(listeners[r]), std::move(out[r]),
                                         std::move(in[r]), slots, children);
  }
};

}  // namespace

void run_processes(int size, const std::function<void(Comm&)>& fn) {
  SharedSlots slots(size);
  slots.slot(0).pid.store(::getpid(), std::memory_order_release);
  TeamLinks links(size);

  std::vector<Child> children;
  children.reserve(size - 1);
  try {
    for (int r = 1; r < size; ++r) {
      std::vector<int> close_list;
      links.others(r, close_list);
      for (auto& c : children) close_list.push_back(c.pidfd.get());
      auto body = [&, r]() -> int {
        RankSlot& slot = slots.slot(r);
        slot.pid.store(::getpid(), std::memory_order_release);
        try {
          auto comm = links.comm(r, slots, nullptr);
          fn(*comm);
          slot.state.store(1, std::memory_order_release);
          return exit_ok;
        } catch (...) {
          record_failure(slot, as_rank_failure(std::current_exception(), r), r);
          slots.aborted().store(1);
          return exit_reported;
        }
      };
      children.push_back(spawn_child(r, body, close_list));
    }
  } catch (...) {
    for (auto& c : children) kill_child(c);
    for (auto& c : children) reap(c);
    throw;
  }
  for (int r = 1; r < size; ++r) links.forget(r);

  std::exception_ptr err;
  try {
    auto comm = links.comm(0, slots, &children);
    fn(*comm);
  } catch (...) {
    err = as_rank_failure(std::current_exception(), 0);
  }
  finish_team(children, slots, err);
}

}  // namespace parkit::detail
