// ProcessPool: the parent keeps one dispatcher thread that hands one chunk at a time to each
// idle worker over its socketpair and watches every worker's pidfd, so a crash fails the task
// it held at once instead of hanging the caller.
#include "parkit/process_pool.hpp"

#include <fmt/format.h>
#include <poll.h>

#include <deque>
#include <mutex>
#include <optional>
#include <thread>

#include "core/child.hpp"
#include "core/frame.hpp"
#include "core/sys.hpp"

namespace parkit {

namespace {

enum FrameTag : int { tag_task = 1, tag_result = 2, tag_error = 3 };

struct Job {
  pool_detail::Trampoline fn = nullptr;
  std::uint64_t first = 0;
  Bytes payload;  // [trampoline][first][function object + items]
  pool_detail::CancelFlag cancel;
  std::function<void(Bytes&&, std::exception_ptr)> done;
};

struct Worker {
  detail::Child child;
  sys::Fd sock;
  std::optional<Job> held;
};

// In a worker process: where the task in hand is recorded (a plain function pointer is what the
// trampoline takes, so it reads a global of the worker's own copy of memory).
detail::RankSlot* worker_slot = nullptr;
void hold_in_slot(std::int64_t task) { worker_slot->task.store(task, std::memory_order_relaxed); }

int worker_main(int fd, int index, detail::RankSlot& slot) {
  worker_slot = &slot;
  for (;;) {
    auto frame = detail::read_frame(fd);
    if (!frame) break;  // the pool closed our socket: time to go
    std::span<const std::byte> in(frame->data);
    std::uint64_t fn_bits = 0, first = 0;
    in = in.subspan(read_bytes(in, fn_bits));
    in = in.subspan(read_bytes(in, first));
    auto fn = reinterpret_cast<pool_detail::Trampoline>(fn_bits);
    Bytes reply;
    int tag = tag_result;
    try {
      reply = fn(in, first, index, &hold_in_slot);
    } catch (const TaskError& e) {
      tag = tag_error;
      append_bytes(reply, static_cast<std::int64_t>(e.task() ? *e.task() : -1));
      append_bytes(reply, e.message());
    } catch (const std::exception& e) {
      tag = tag_error;
      append_bytes(reply, static_cast<std::int64_t>(-1));
      append_bytes(reply, std::string(e.what()));
    }
    hold_in_slot(-1);
    if (!detail::write_frame(fd, tag, reply)) break;
  }
  slot.state.store(1, std::memory_order_release);
  return detail::exit_ok;
}

}  // namespace

struct ProcessPool::Impl {
  explicit Impl(int n) : slots(n), wake(sys::event_fd()) {}

  detail::SharedSlots slots;
  std::vector<Worker> workers;
  sys::Fd wake;
  std::mutex m;
  std::deque<Job> queue;      // guarded by m
  bool stopping = false;      // guarded by m
  std::exception_ptr broken;  // guarded by m
  std::thread dispatcher;

  void dispatch_loop();
  void handle_frame(Worker& w);
  void break_pool(Worker& dead);
  bool all_idle() const {
    for (auto& w : workers)
      if (w.held) return false;
    return true;
  }
};

ProcessPool::ProcessPool(int n) {
  check_workers(n);
  impl_ = std::make_unique<Impl>(n);
  auto& I = *impl_;
  I.workers.reserve(n);
  try {
    for (int i = 0; i < n; ++i) {
      auto [parent_end, child_end] = sys::socket_pair();
      std::vector<int> close_list{parent_end.get(), I.wake.get()};
      for (auto& w : I.workers) {
        close_list.push_back(w.sock.get());
        close_list.push_back(w.child.pidfd.get());
      }
      int cfd = child_end.get();
      auto body = [cfd, i, &I] { return worker_main(cfd, i, I.slots.slot(i)); };
      Worker w;
      w.child = detail::spawn_child(i, body, close_list);
      w.sock = std::move(parent_end);
      I.workers.push_back(std::move(w));
    }
  } catch (...) {
    for (auto& w : I.workers) detail::kill_child(w.child);
    for (auto& w : I.workers) detail::reap(w.child);
    throw;
  }
  I.dispatcher = std::thread([&I] { I.dispatch_loop(); });
}

ProcessPool::~ProcessPool() {
  auto& I = *impl_;
  {
    std::lock_guard lock(I.m);
    I.stopping = true;
  }
  sys::event_signal(I.wake.get());
  I.dispatcher.join();
  for (auto& w : I.workers) w.sock.reset();  // EOF: workers exit
  for (auto& w : I.workers) detail::reap(w.child);
}

int ProcessPool::workers() const noexcept { return static_cast<int>(impl_->workers.size()); }

std::vector<int> ProcessPool::pids() const {
  std::vector<int> out;
  for (auto& w : impl_->workers) out.push_back(w.child.pid);
  return out;
}

void ProcessPool::enqueue(pool_detail::Trampoline fn, std::uint64_t first, Bytes payload,
                          pool_detail::CancelFlag cancel,
                          std::function<void(Bytes&&, std::exception_ptr)> done) {
  auto& I = *impl_;
  Job job{fn, first, {}, std::move(cancel), std::move(done)};
  append_bytes(job.payload, reinterpret_cast<std::uint64_t>(fn));
  append_bytes(job.payload, first);
  detail::append_raw(job.payload, payload.data(), payload.size());
  std::exception_ptr broken;
  {
    std::lock_guard lock(I.m);
    if (I.broken) broken = I.broken;
    else I.queue.push_back(std::move(job));
  }
  if (broken) return job.done({}, broken);
  sys::event_signal(I.wake.get());
}

void ProcessPool::Impl::handle_frame(Worker& w) {
  auto frame = detail::read_frame(w.sock.get());
  if (!frame) {
    // The worker died; its pidfd tells how. Stop watching the socket meanwhile.
    w.sock.reset();
    return;
  }
  if (!w.held) {
    // A worker answering a task it was never given is broken: kill it, and its pidfd will
    // break the pool like any other death (an exception here would end the process).
    w.sock.reset();
    detail::kill_child(w.child);
    return;
  }
  Job job = std::move(*w.held);
  w.held.reset();
  if (frame->tag == tag_result) return job.done(std::move(frame->data), nullptr);
  std::span<const std::byte> in(frame->data);
  std::int64_t task = -1;
  std::string msg;
  in = in.subspan(read_bytes(in, task));
  read_bytes(in, msg);
  std::optional<std::size_t> t;
  if (task >= 0) t = static_cast<std::size_t>(task);
  job.done({}, std::make_exception_ptr(TaskError(t, w.child.rank, msg)));
}

void ProcessPool::Impl::break_pool(Worker& dead) {
  auto why = detail::child_outcome(dead.child, slots.slot(dead.child.rank));
  if (!why)  // exited cleanly but unasked: still a lost worker
    why = std::make_exception_ptr(WorkerCrashed(dead.child.rank, dead.child.pid, 0, 0, {}));
  std::deque<Job> dropped;
  {
    std::lock_guard lock(m);
    broken = why;
    dropped.swap(queue);
  }
  for (auto& w : workers) detail::kill_child(w.child);
  for (auto& w : workers) {
    detail::reap(w.child);
    w.sock.reset();
    if (w.held) {
      Job job = std::move(*w.held);
      w.held.reset();
      job.done({}, why);
    }
  }
  for (auto& job : dropped) job.done({}, why);
}

void ProcessPool::Impl::dispatch_loop() {
  for (;;) {
    std::vector<Worker*> to_send;
    std::vector<Job> skipped;
    bool pool_broken;
    {
      std::lock_guard lock(m);
      pool_broken = broken != nullptr;
      for (auto& w : workers) {
        while (!pool_broken && !w.held && !queue.empty()) {
          Job job = std::move(queue.front());
          queue.pop_front();
          if (job.cancel && job.cancel->load()) {
            skipped.push_back(std::move(job));
            continue;
          }
          w.held = std::move(job);
          to_send.push_back(&w);
        }
      }
      if (stopping && queue.empty() && all_idle()) return;
    }
    for (auto& job : skipped) job.done({}, std::make_exception_ptr(Cancelled()));
    for (Worker* w : to_send)
      if (w->sock) detail::write_frame(w->sock.get(), tag_task, w->held->payload);

    std::vector<pollfd> fds{{wake.get(), POLLIN, 0}};
    std::vector<std::pair<Worker*, bool>> who{{nullptr, false}};  // (worker, is_pidfd)
    for (auto& w : workers) {
      if (w.sock) {
        fds.push_back({w.sock.get(), POLLIN, 0});
        who.emplace_back(&w, false);
      }
      if (!w.child.reaped) {
        fds.push_back({w.child.pidfd.get(), POLLIN, 0});
        who.emplace_back(&w, true);
      }
    }
    sys::poll_fds(fds, -1);
    for (std::size_t k = 0; k < fds.size(); ++k) {
      if (!fds[k].revents) continue;
      auto [w, is_pidfd] = who[k];
      if (!w) {
        sys::event_drain(wake.get());
      } else if (!is_pidfd) {
        if (w->sock) handle_frame(*w);
      } else if (!w->child.reaped && detail::try_reap(w->child)) {
        // Read what it sent before dying, then fail what it still held.
        while (w->sock && w->held) {
          pollfd p{w->sock.get(), POLLIN, 0};
          if (sys::poll_fds(std::span(&p, 1), 0) <= 0) break;
          handle_frame(*w);
        }
        break_pool(*w);
        break;
      }
    }
  }
}

}  // namespace parkit
