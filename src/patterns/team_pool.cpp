// TeamPool: rank 0's dispatcher thread hands one chunk at a time to each idle rank and collects
// the results; the other ranks loop in serve_team_pool. Messages (parkit's reserved tags):
//   task   0 -> r : [trampoline ref][1 + function ref | 0][first][payload]; empty = stop
//   result r -> 0 : [ok byte][result bytes | task index + message]
#include "parkit/team_pool.hpp"

#include <link.h>

#include <fmt/format.h>
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "parkit/detail/comm_access.hpp"
#include "parkit/detail/reserved_tags.hpp"
#include "parkit/errors.hpp"
#include "patterns/dispatcher.hpp"

namespace parkit {

namespace {

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

namespace detail {

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
    throw CommError(
        fmt::format("TeamPool: module '{}' of a task is not loaded on this rank", module));
  return reinterpret_cast<const void*>(f.base + offset);  // NOLINT(performance-no-int-to-ptr)
}

}  // namespace detail

namespace {

void no_hold(std::int64_t) {}

// Runs one task message; the reply to send back.
Bytes run_task(std::span<const std::byte> in, int rank) {
  std::uint64_t first = 0;
  return detail::run_encoded(
      [&] {
        auto fn =
            reinterpret_cast<detail::Trampoline>(const_cast<void*>(detail::read_code_ref(in)));
        std::uint8_t has_function = 0;
        in = in.subspan(read_bytes(in, has_function));
        const void* function = has_function ? detail::read_code_ref(in) : nullptr;
        in = in.subspan(read_bytes(in, first));
        Bytes payload(in.begin(), in.end());
        if (function) std::memcpy(payload.data(), &function, sizeof function);  // F is a pointer
        return fn(payload, first, rank, &no_hold);
      },
      first);
}

// The other ranks of the team, reached through the Comm's reserved pool tags (worker k is rank
// k + 1). A team of one has one worker: rank 0 itself, which runs each task as it is sent.
class RankLinks final : public detail::WorkerLinks {
 public:
  explicit RankLinks(Comm& c) : c_(c) {}

  int count() const override { return std::max(c_.size() - 1, 1); }
  int rank_of(int worker) const override { return c_.size() == 1 ? 0 : worker + 1; }

  void send(int worker, const Bytes& message) override {
    if (c_.size() == 1) {
      local_.push_back({0, run_task(message, 0), nullptr});
      return;
    }
    detail::CommAccess::send_bytes(c_, message, worker + 1, detail::tag_pool_task);
  }

  std::vector<Event> wait(bool busy) override {
    std::vector<Event> events;
    if (!local_.empty()) {
      events.swap(local_);
      return events;
    }
    if (!busy) {
      // Nothing in hand: sleep until a job is queued or the pool closes.
      std::unique_lock lock(m_);
      cv_.wait(lock, [&] { return woken_; });
      woken_ = false;
      return events;
    }
    // Look for a result, backing off a little while there is none (a blocking receive would
    // keep a job queued meanwhile from an idle rank).
    if (auto r = detail::CommAccess::try_recv_bytes(c_, any_source, detail::tag_pool_result)) {
      quiet_ = 0;
      events.push_back({r->source - 1, std::move(r->data), nullptr});
    } else if (++quiet_ > 64) {
      std::this_thread::sleep_for(std::chrono::microseconds(20));
    } else {
      std::this_thread::yield();
    }
    return events;
  }

  void wake() override {
    {
      std::lock_guard lock(m_);
      woken_ = true;
    }
    cv_.notify_all();
  }

  void misbehaved(int worker) override {
    throw CommError(fmt::format("TeamPool: rank {} answered a task it was not given", worker + 1));
  }

  // The pool is done: an empty task tells each rank to stop serving.
  void close() override {
    for (int r = 1; r < c_.size(); ++r)
      detail::CommAccess::send_bytes(c_, {}, r, detail::tag_pool_task);
  }

 private:
  Comm& c_;
  std::vector<Event> local_;
  int quiet_ = 0;
  std::mutex m_;
  std::condition_variable cv_;
  bool woken_ = false;
};

}  // namespace

void serve_team_pool(Comm& c) {
  for (;;) {
    Message m = detail::CommAccess::recv_bytes(c, 0, detail::tag_pool_task);
    if (m.data.empty()) return;
    detail::CommAccess::send_bytes(c, run_task(m.data, c.rank()), 0, detail::tag_pool_result);
  }
}

struct TeamPool::Impl {
  explicit Impl(Comm& comm) : c(comm), links(comm), dispatcher(links) {}
  Comm& c;
  RankLinks links;
  detail::Dispatcher dispatcher;  // last: stopped before the links go
};

TeamPool::TeamPool(Comm& c) : impl_(std::make_unique<Impl>(c)) {}
TeamPool::~TeamPool() = default;

int TeamPool::workers() const noexcept { return impl_->links.count(); }

void TeamPool::enqueue(Bytes head, std::uint64_t first, Bytes payload, detail::CancelFlag cancel,
                       detail::ReplyDone done) {
  append_bytes(head, first);
  head.insert(head.end(), payload.begin(), payload.end());
  impl_->dispatcher.enqueue({std::move(head), std::move(cancel), std::move(done)});
}

}  // namespace parkit
