#include "parkit/process.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <thread>

#include "core/child.hpp"
#include "parkit/detail/failure.hpp"
#include "parkit/errors.hpp"

namespace parkit {

struct Process::State {
  std::function<void()> body;
  detail::SharedSlots slots{1};  // what the child leaves: finished, or its failure
  std::optional<detail::Child> child;
  bool outcome_taken = false;
};

Process::Process(std::function<void()> body) : s_(std::make_unique<State>()) {
  s_->body = std::move(body);
}

Process::~Process() {
  if (!s_ || !s_->child) return;
  detail::Child& c = *s_->child;
  if (!detail::try_reap(c)) {
    detail::kill_child(c);
    detail::reap(c);
  }
}

Process::Process(Process&&) noexcept = default;
Process& Process::operator=(Process&& o) noexcept {
  if (this != &o) {
    Process gone(std::move(*this));  // kills and reaps a child still running
    s_ = std::move(o.s_);
  }
  return *this;
}

namespace {
// The child's side: runs body, leaves the outcome in its slot, returns the exit code.
int run_body(const std::function<void()>& body, detail::RankSlot& slot) {
  try {
    body();
    slot.state.store(1, std::memory_order_release);
    return detail::exit_ok;
  } catch (const Error&) {
    detail::record_failure(slot, std::current_exception(), 0);
  } catch (const std::exception& e) {  // the child's own exception: a failed task
    detail::record_failure(slot, std::make_exception_ptr(TaskError(0, 0, e.what())), 0);
  } catch (...) {
    detail::record_failure(slot, std::make_exception_ptr(TaskError(0, 0, "unknown exception")), 0);
  }
  return detail::exit_reported;
}
}  // namespace

void Process::start() {
  if (s_->child) throw Error("Process: started twice");
  State* s = s_.get();
  s_->child = detail::spawn_child(0, [s] { return run_body(s->body, s->slots.slot(0)); }, {});
}

namespace {
void throw_outcome(detail::Child& c, detail::SharedSlots& slots, bool& taken) {
  if (taken) return;
  taken = true;
  if (auto e = detail::child_outcome(c, slots.slot(0))) std::rethrow_exception(e);
}
}  // namespace

void Process::join() {
  if (!s_->child) throw Error("Process: join before start");
  detail::reap(*s_->child);
  throw_outcome(*s_->child, s_->slots, s_->outcome_taken);
}

bool Process::join_for(std::chrono::milliseconds timeout) {
  if (!s_->child) throw Error("Process: join before start");
  auto end = std::chrono::steady_clock::now() + timeout;
  while (!detail::try_reap(*s_->child)) {
    if (std::chrono::steady_clock::now() >= end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  throw_outcome(*s_->child, s_->slots, s_->outcome_taken);
  return true;
}

void Process::terminate() {
  if (s_->child && !detail::try_reap(*s_->child)) ::kill(s_->child->pid, SIGTERM);
}

void Process::kill() {
  if (s_->child && !detail::try_reap(*s_->child)) detail::kill_child(*s_->child);
}

bool Process::is_alive() { return s_->child && !detail::try_reap(*s_->child); }

pid_t Process::pid() const { return s_->child ? s_->child->pid : -1; }

std::optional<int> Process::exitcode() {
  if (!s_->child || !detail::try_reap(*s_->child)) return std::nullopt;
  int st = s_->child->status;
  if (WIFSIGNALED(st)) return -WTERMSIG(st);
  int code = WEXITSTATUS(st);
  return code == detail::exit_reported ? 1 : code;
}

}  // namespace parkit
