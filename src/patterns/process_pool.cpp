// ProcessPool: forked workers, each behind a socketpair, driven by the shared Dispatcher. The
// links watch every worker's pidfd next to its socket, so a crash fails the task it held at once
// instead of hanging the caller.
#include "parkit/process_pool.hpp"

#include <poll.h>

#include <optional>

#include "core/child.hpp"
#include "core/frame.hpp"
#include "core/sys.hpp"
#include "patterns/dispatcher.hpp"

namespace parkit {

namespace {

constexpr int tag_task = 1, tag_reply = 2;

// In a worker process: where the task in hand is recorded (a plain function pointer is what the
// trampoline takes, so it reads a global of the worker's own copy of memory).
detail::RankSlot* worker_slot = nullptr;
void hold_in_slot(std::int64_t task) { worker_slot->task.store(task, std::memory_order_relaxed); }

// A task frame: [trampoline][first][function object + items].
int worker_main(int fd, int index, detail::RankSlot& slot) {
  worker_slot = &slot;
  for (;;) {
    auto frame = detail::read_frame(fd);
    if (!frame) break;  // the pool closed our socket: time to go
    std::span<const std::byte> in(frame->data);
    std::uint64_t fn_bits = 0, first = 0;
    in = in.subspan(read_bytes(in, fn_bits));
    in = in.subspan(read_bytes(in, first));
    // An address in our own image: fork keeps it valid.
    // NOLINTNEXTLINE(performance-no-int-to-ptr)
    auto fn = reinterpret_cast<detail::Trampoline>(fn_bits);
    Bytes reply = detail::run_encoded([&] { return fn(in, first, index, &hold_in_slot); }, first);
    hold_in_slot(-1);
    if (!detail::write_frame(fd, tag_reply, reply)) break;
  }
  slot.state.store(1, std::memory_order_release);
  return detail::exit_ok;
}

struct Worker {
  detail::Child child;
  sys::Fd sock;
};

class ForkedLinks final : public detail::WorkerLinks {
 public:
  explicit ForkedLinks(int n) : slots_(n), wake_(sys::event_fd()) {
    workers_.reserve(n);
    try {
      for (int i = 0; i < n; ++i) spawn(i);
    } catch (...) {
      abandon();
      throw;
    }
  }
  // Closing the sockets tells idle workers to exit.
  ~ForkedLinks() override {
    for (auto& w : workers_) w.sock.reset();
    for (auto& w : workers_) detail::reap(w.child);
  }

  int count() const override { return static_cast<int>(workers_.size()); }
  int rank_of(int worker) const override { return worker; }
  std::vector<int> pids() const {
    std::vector<int> out;
    for (auto& w : workers_) out.push_back(w.child.pid);
    return out;
  }

  void send(int worker, const Bytes& message) override {
    auto& w = workers_[static_cast<std::size_t>(worker)];
    // A failed write means the worker died: its pidfd will say how.
    if (w.sock) detail::write_frame(w.sock.get(), tag_task, message);
  }

  std::vector<Event> wait(bool) override {
    std::vector<pollfd> fds{{wake_.get(), POLLIN, 0}};
    std::vector<std::pair<int, bool>> who{{-1, false}};  // (worker, is_pidfd)
    for (std::size_t i = 0; i < workers_.size(); ++i) {
      auto& w = workers_[i];
      if (w.sock) fds.push_back({w.sock.get(), POLLIN, 0}), who.emplace_back(i, false);
      if (!w.child.reaped)
        fds.push_back({w.child.pidfd.get(), POLLIN, 0}), who.emplace_back(i, true);
    }
    sys::poll_fds(fds, -1);
    std::vector<Event> events;
    for (std::size_t k = 0; k < fds.size(); ++k) {
      if (!fds[k].revents) continue;
      auto [i, is_pidfd] = who[k];
      if (i < 0) {
        sys::event_drain(wake_.get());
        continue;
      }
      auto& w = workers_[static_cast<std::size_t>(i)];
      if (!is_pidfd) {
        if (w.sock) read_reply(i, events);
      } else if (!w.child.reaped && detail::try_reap(w.child)) {
        // Read what it sent before dying, then report it lost.
        for (;;) {
          if (!w.sock) break;
          pollfd p{w.sock.get(), POLLIN, 0};
          if (sys::poll_fds(std::span(&p, 1), 0) <= 0) break;
          read_reply(i, events);
        }
        events.push_back({i, {}, lost_reason(w)});
        break;
      }
    }
    return events;
  }

  void wake() override { sys::event_signal(wake_.get()); }

  void misbehaved(int worker) override {
    // Kill it; its pidfd then breaks the pool like any other death.
    auto& w = workers_[static_cast<std::size_t>(worker)];
    w.sock.reset();
    detail::kill_child(w.child);
  }

  void abandon() override {
    for (auto& w : workers_) detail::kill_child(w.child);
    for (auto& w : workers_) {
      detail::reap(w.child);
      w.sock.reset();
    }
  }

 private:
  void spawn(int i) {
    auto [parent_end, child_end] = sys::socket_pair();
    std::vector<int> close_list{parent_end.get(), wake_.get()};
    for (auto& w : workers_) {
      close_list.push_back(w.sock.get());
      close_list.push_back(w.child.pidfd.get());
    }
    int cfd = child_end.get();
    auto body = [cfd, i, this] { return worker_main(cfd, i, slots_.slot(i)); };
    Worker w;
    w.child = detail::spawn_child(i, body, close_list);
    w.sock = std::move(parent_end);
    workers_.push_back(std::move(w));
  }

  void read_reply(int i, std::vector<Event>& events) {
    auto& w = workers_[static_cast<std::size_t>(i)];
    auto frame = detail::read_frame(w.sock.get());
    if (!frame) {
      w.sock.reset();  // it died; its pidfd tells how
      return;
    }
    events.push_back({i, std::move(frame->data), nullptr});
  }

  std::exception_ptr lost_reason(const Worker& w) {
    auto why = detail::child_outcome(w.child, slots_.slot(w.child.rank));
    if (!why)  // exited cleanly but unasked: still a lost worker
      why = std::make_exception_ptr(WorkerCrashed(w.child.rank, w.child.pid, 0, 0, {}));
    return why;
  }

  detail::SharedSlots slots_;
  sys::Fd wake_;
  std::vector<Worker> workers_;
};

}  // namespace

struct ProcessPool::Impl {
  explicit Impl(int n) : links(n), dispatcher(links) {}
  ForkedLinks links;
  detail::Dispatcher dispatcher;  // after links: stopped before the workers go
};

ProcessPool::ProcessPool(int n) {
  check_workers(n);
  impl_ = std::make_unique<Impl>(n);
}

ProcessPool::~ProcessPool() = default;

int ProcessPool::workers() const noexcept { return impl_->links.count(); }

std::vector<int> ProcessPool::pids() const { return impl_->links.pids(); }

void ProcessPool::enqueue(detail::Trampoline fn, std::uint64_t first, Bytes payload,
                          detail::CancelFlag cancel, detail::ReplyDone done) {
  detail::PoolJob job{{}, std::move(cancel), std::move(done)};
  append_bytes(job.message, reinterpret_cast<std::uint64_t>(fn));
  append_bytes(job.message, first);
  detail::append_raw(job.message, payload.data(), payload.size());
  impl_->dispatcher.enqueue(std::move(job));
}

}  // namespace parkit
