// TeamPool: rank 0's dispatcher thread hands one chunk at a time to each idle rank and collects
// the results; the other ranks loop in serve_team_pool. Messages (parkit's reserved tags):
//   task   0 -> r : [trampoline ref][1 + function ref | 0][first][payload]; empty = stop
//   result r -> 0 : [ok byte][result bytes | task index + message]
#include "parkit/team_pool.hpp"

#include <link.h>

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <fmt/format.h>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "parkit/errors.hpp"

namespace parkit {

namespace {

constexpr int tag_task = -30;
constexpr int tag_result = -31;

struct Found {
  const void* address = nullptr;
  const char* module = nullptr;
  std::uintptr_t base = 0;
  const char* want = nullptr;  // for the reverse look-up
};

// The loaded module (its name; "" is the main program) whose segments hold `address`.
int find_module(dl_phdr_info* info, std::size_t, void* data) {
  auto* f = static_cast<Found*>(data);
  auto a = reinterpret_cast<std::uintptr_t>(f->address);
  for (int k = 0; k < info->dlpi_phnum; ++k) {
    const auto& ph = info->dlpi_phdr[k];
    if (ph.p_type != PT_LOAD) continue;
    std::uintptr_t lo = info->dlpi_addr + ph.p_vaddr;
    if (a >= lo && a < lo + ph.p_memsz) {
      f->module = info->dlpi_name ? info->dlpi_name : "";
      f->base = info->dlpi_addr;
      return 1;
    }
  }
  return 0;
}

int find_base(dl_phdr_info* info, std::size_t, void* data) {
  auto* f = static_cast<Found*>(data);
  if (std::strcmp(info->dlpi_name ? info->dlpi_name : "", f->want) != 0) return 0;
  f->base = info->dlpi_addr;
  f->module = f->want;
  return 1;
}

}  // namespace

namespace pool_detail {

void append_code_ref(Bytes& out, const void* address) {
  Found f{address};
  if (!dl_iterate_phdr(find_module, &f))
    throw UsageError("TeamPool: a task's code is in no loaded module");
  append_bytes(out, std::string(f.module));
  append_bytes(out, static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(address) - f.base));
}

const void* read_code_ref(std::span<const std::byte>& in) {
  std::string module;
  std::uint64_t offset = 0;
  in = in.subspan(read_bytes(in, module));
  in = in.subspan(read_bytes(in, offset));
  Found f;
  f.want = module.c_str();
  if (!dl_iterate_phdr(find_base, &f))
    throw CommError(fmt::format("TeamPool: module '{}' of a task is not loaded on this rank", module));
  return reinterpret_cast<const void*>(f.base + offset);
}

}  // namespace pool_detail

namespace {

void no_hold(std::int64_t) {}

// Runs one task message; the result message to send back.
Bytes run_task(std::span<const std::byte> in, int rank) {
  Bytes out;
  std::uint64_t index = 0;
  try {
    auto fn = reinterpret_cast<pool_detail::Trampoline>(pool_detail::read_code_ref(in));
    std::uint8_t has_function = 0;
    in = in.subspan(read_bytes(in, has_function));
    const void* function = has_function ? pool_detail::read_code_ref(in) : nullptr;
    in = in.subspan(read_bytes(in, index));
    Bytes payload(in.begin(), in.end());
    if (function) std::memcpy(payload.data(), &function, sizeof function);  // F is a pointer
    Bytes result = fn(payload, index, rank, &no_hold);
    append_bytes(out, std::uint8_t{1});
    out.insert(out.end(), result.begin(), result.end());
  } catch (const TaskError& e) {
    append_bytes(out, std::uint8_t{0});
    append_bytes(out, static_cast<std::uint64_t>(e.task().value_or(index)));
    append_bytes(out, e.message());
  } catch (const std::exception& e) {
    append_bytes(out, std::uint8_t{0});
    append_bytes(out, index);
    append_bytes(out, std::string(e.what()));
  }
  return out;
}

void finish(std::span<const std::byte> in, int rank,
            const std::function<void(Bytes&&, std::exception_ptr)>& done) {
  std::uint8_t good = 0;
  in = in.subspan(read_bytes(in, good));
  if (good) return done(Bytes(in.begin(), in.end()), nullptr);
  std::uint64_t index = 0;
  std::string message;
  in = in.subspan(read_bytes(in, index));
  read_bytes(in, message);
  done({}, std::make_exception_ptr(TaskError(index, rank, message)));
}

}  // namespace

void serve_team_pool(Comm& c) {
  for (;;) {
    Message m = c.recv_bytes(0, tag_task);
    if (m.data.empty()) return;
    c.send_bytes(run_task(m.data, c.rank()), 0, tag_result);
  }
}

struct TeamPool::Impl {
  struct Job {
    Bytes message;
    pool_detail::CancelFlag cancel;
    std::function<void(Bytes&&, std::exception_ptr)> done;
  };

  explicit Impl(Comm& comm) : c(comm), held(static_cast<std::size_t>(comm.size())) {
    dispatcher = std::thread([this] {
      try {
        dispatch();
      } catch (...) {
        fail_all(std::current_exception());
      }
    });
  }
  ~Impl() {
    {
      std::lock_guard lock(m);
      closing = true;
    }
    cv.notify_all();
    dispatcher.join();
  }

  void dispatch() {
    const int size = c.size();
    int busy = 0;
    auto idle_rank = [&]() -> int {
      for (int r = 1; r < size; ++r)
        if (!held[r]) return r;
      return -1;
    };
    int quiet = 0;
    for (;;) {
      std::optional<Job> job;
      {
        std::unique_lock lock(m);
        if (busy == 0) cv.wait(lock, [&] { return closing || !queue.empty(); });
        if (queue.empty() && busy == 0 && closing) break;
        if (!queue.empty() && (size == 1 || idle_rank() > 0)) {
          job.emplace(std::move(queue.front()));
          queue.pop_front();
        }
      }
      if (job) {
        if (job->cancel->load()) {
          job->done({}, std::make_exception_ptr(Cancelled()));
        } else if (size == 1) {
          finish(run_task(job->message, 0), 0, job->done);
        } else {
          int r = idle_rank();
          c.send_bytes(job->message, r, tag_task);
          held[r] = std::move(job);
          ++busy;
        }
        continue;
      }
      // Nothing to hand out: look for results, backing off a little while there are none (a
      // blocking receive would keep a task submitted meanwhile from an idle rank).
      if (auto r = c.try_recv_bytes(any_source, tag_result)) {
        Job done = std::move(*held[r->source]);
        held[r->source].reset();
        --busy;
        quiet = 0;
        finish(r->data, r->source, done.done);
      } else if (++quiet > 64) {
        std::this_thread::sleep_for(std::chrono::microseconds(20));
      } else {
        std::this_thread::yield();
      }
    }
    for (int r = 1; r < size; ++r) c.send_bytes({}, r, tag_task);
  }

  // The team broke under the dispatcher (a rank died, the job is being cancelled): every chunk
  // in hand or waiting fails with that error, and so does every later one (like a broken pool).
  void fail_all(std::exception_ptr e) {
    std::deque<Job> lost;
    {
      std::lock_guard lock(m);
      broken = e;
      lost.swap(queue);
    }
    for (auto& h : held)
      if (h) lost.push_back(std::move(*h)), h.reset();
    for (auto& j : lost) j.done({}, e);
  }

  Comm& c;
  std::exception_ptr broken;             // guarded by m
  std::vector<std::optional<Job>> held;  // by rank: the chunk it runs
  std::mutex m;
  std::condition_variable cv;
  std::deque<Job> queue;
  bool closing = false;
  std::thread dispatcher;
};

TeamPool::TeamPool(Comm& c) : impl_(std::make_unique<Impl>(c)) {}
TeamPool::~TeamPool() = default;

int TeamPool::workers() const noexcept { return std::max(impl_->c.size() - 1, 1); }

void TeamPool::enqueue(Bytes head, std::uint64_t first, Bytes payload,
                       pool_detail::CancelFlag cancel,
                       std::function<void(Bytes&&, std::exception_ptr)> done) {
  append_bytes(head, first);
  head.insert(head.end(), payload.begin(), payload.end());
  std::exception_ptr broken;
  {
    std::lock_guard lock(impl_->m);
    broken = impl_->broken;
    if (!broken) {
      impl_->queue.push_back({std::move(head), std::move(cancel), std::move(done)});
      impl_->cv.notify_all();
      return;
    }
  }
  done({}, broken);
}

}  // namespace parkit
