#include "parkit/interrupt.hpp"

#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

namespace parkit {

namespace {

// What is to be removed on interrupt. The lock is held across fork (pthread_atfork), so a child
// never starts with it taken by a thread that does not exist there; the child starts with an
// empty map: the parent's temporaries are the parent's to remove.
struct Registry {
  std::mutex m;
  std::uint64_t next_id = 0;
  std::map<std::uint64_t, std::string> paths;
  std::map<std::uint64_t, pid_t> children;
  std::map<std::uint64_t, std::function<void()>> calls;
  Registry() {
    ::pthread_atfork([] { get().m.lock(); }, [] { get().m.unlock(); },
                     [] {
                       get().m.unlock();
                       get().paths.clear();
                       get().children.clear();
                       get().calls.clear();
                     });
  }
  static Registry& get() {
    static auto* r = new Registry;  // never destroyed: the watcher may use it during exit
    return *r;
  }
};

std::atomic<bool> watching{false};

sigset_t interrupt_signals() {
  sigset_t set;
  sigemptyset(&set);
  for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&set, s);
  return set;
}

bool has_ended(pid_t pid) {
  siginfo_t info{};
  // WNOWAIT: the owner reaps it; until the owner unregisters it (which waits for our lock) the
  // pid stays a zombie, never reused, so it is always this child that is looked at and signalled.
  if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0)
    return true;  // not our child (any more)
  return info.si_pid != 0;
}

// Sends SIGTERM to the registered children and waits for them to end (at most a few seconds,
// then SIGKILL), so that what they clean up on SIGTERM is cleaned before their folders go.
void stop_children(const std::map<std::uint64_t, pid_t>& children) {
  using Clock = std::chrono::steady_clock;
  for (const auto& [id, pid] : children) ::kill(pid, SIGTERM);
  const auto end = Clock::now() + std::chrono::seconds(5);
  for (const auto& [id, pid] : children) {
    while (!has_ended(pid) && Clock::now() < end)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (!has_ended(pid)) ::kill(pid, SIGKILL);
  }
}

// The watcher: waits for a signal, stops the registered children, removes what is registered,
// then dies by the same signal. It keeps the lock to the end, so no thread registers (and then
// makes) a temporary after the sweep: registering comes before making, and it waits for a lock
// never released.
[[noreturn]] void watch(sigset_t set) {
  int sig = 0;
  while (sigwait(&set, &sig) != 0) {
  }
  Registry& r = Registry::get();
  r.m.lock();  // NOLINT: never unlocked, on purpose
  for (const auto& [id, f] : r.calls) {
    try {
      f();
    } catch (...) {  // the process is ending: what the call could not do stays undone
    }
  }
  stop_children(r.children);
  for (const auto& [id, path] : r.paths) {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  ::signal(sig, SIG_DFL);  // NOLINT(concurrency-mt-unsafe): the process is ending
  sigset_t one;
  sigemptyset(&one);
  sigaddset(&one, sig);
  ::pthread_sigmask(SIG_UNBLOCK, &one, nullptr);
  ::raise(sig);
  ::_exit(128 + sig);  // not reached: the default action ends the process
}

// Blocks the signals in this thread and starts the watcher; false (signals back) if no thread.
bool start_watcher() {
  sigset_t set = interrupt_signals();
  ::pthread_sigmask(SIG_BLOCK, &set, nullptr);
  try {
    std::thread(watch, set).detach();
    return true;
  } catch (...) {
    ::pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
    return false;
  }
}

}  // namespace

void clean_up_on_interrupt() {
  static std::once_flag once;
  std::call_once(once, [] {
    Registry::get();
    watching = start_watcher();
  });
}

RemovedOnInterrupt::RemovedOnInterrupt(std::string path) {
  Registry& r = Registry::get();
  std::lock_guard lock(r.m);
  id_ = r.next_id++;
  r.paths.emplace(id_, std::move(path));
}

RemovedOnInterrupt::~RemovedOnInterrupt() {
  Registry& r = Registry::get();
  std::lock_guard lock(r.m);
  r.paths.erase(id_);
}

StoppedOnInterrupt::StoppedOnInterrupt(pid_t pid) {
  Registry& r = Registry::get();
  std::lock_guard lock(r.m);
  id_ = r.next_id++;
  r.children.emplace(id_, pid);
}

StoppedOnInterrupt::~StoppedOnInterrupt() {
  Registry& r = Registry::get();
  std::lock_guard lock(r.m);
  r.children.erase(id_);
}

CalledOnInterrupt::CalledOnInterrupt(std::function<void()> f) {
  Registry& r = Registry::get();
  std::lock_guard lock(r.m);
  id_ = r.next_id++;
  r.calls.emplace(id_, std::move(f));
}

CalledOnInterrupt::~CalledOnInterrupt() {
  Registry& r = Registry::get();
  std::lock_guard lock(r.m);
  r.calls.erase(id_);
}

int detail::watch_interrupts_in_child() noexcept {
  if (!watching.load()) return SIGKILL;
  if (start_watcher()) return SIGTERM;
  return SIGKILL;
}

}  // namespace parkit
