#include "parkit/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdlib>

namespace parkit {
namespace {

std::int64_t now_ns() noexcept {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// 0 undecided, 1 on, 2 off; and the process that decided.
std::atomic<int> g_state{0};
std::atomic<pid_t> g_decider{0};
std::atomic<bool> g_active{false};  // an outermost Progress exists

bool terminal_wants_it() noexcept {
  if (::isatty(STDERR_FILENO) != 0) return true;
  // Under mpirun, stderr is a pipe to mpirun, but stdout is a terminal when mpirun's is.
  // NOLINTNEXTLINE(concurrency-mt-unsafe): nothing in parkit sets the environment
  return std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr && ::isatty(STDOUT_FILENO) != 0;
}

std::string duration(double s) {
  auto t = std::llround(s);
  if (t >= 3600) return fmt::format("{}:{:02}:{:02}", t / 3600, t / 60 % 60, t % 60);
  return fmt::format("{}:{:02}", t / 60, t % 60);
}

constexpr std::int64_t kQuiet = 1'000'000'000;  // nothing in the first second
constexpr std::int64_t kEvery = 100'000'000;    // at most ten lines a second

}  // namespace

void Progress::set_enabled(bool on) noexcept {
  g_state.store(on ? 1 : 2);
  g_decider.store(::getpid());
}

bool Progress::enabled() noexcept {
  int s = g_state.load();
  if (s == 0) {
    set_enabled(terminal_wants_it());
    s = g_state.load();
  }
  return s == 1 && g_decider.load() == ::getpid();
}

std::string Progress::line(const std::string& what, std::size_t done, std::size_t total,
                           double elapsed_s) {
  double rate = elapsed_s > 0 ? static_cast<double>(done) / elapsed_s : 0;
  std::string left = rate > 0 && done < total ? duration(static_cast<double>(total - done) / rate)
                                              : std::string("-");
  return fmt::format("{} {}/{} ({:.0f}%), {:.1f}/s, elapsed {}, left {}", what, done, total,
                     total ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 0.0,
                     rate, duration(elapsed_s), left);
}

Progress::Progress(std::string what, std::size_t total)
    : what_(std::move(what)), total_(total), start_ns_(now_ns()) {
  bool expected = false;
  owner_ = total_ > 0 && enabled() && g_active.compare_exchange_strong(expected, true);
}

Progress::~Progress() {
  finish();
  if (owner_) g_active.store(false);
}

void Progress::advance(std::size_t n) noexcept {
  if (!owner_) return;
  done_.fetch_add(n, std::memory_order_relaxed);
  maybe_draw();
}

void Progress::set_done(std::size_t done) noexcept {
  if (!owner_) return;
  done_.store(done, std::memory_order_relaxed);
  maybe_draw();
}

void Progress::maybe_draw() noexcept {
  if (finished_.load(std::memory_order_relaxed)) return;
  std::int64_t now = now_ns();
  if (now - start_ns_ < kQuiet || now - last_draw_ns_.load(std::memory_order_relaxed) < kEvery)
    return;
  std::unique_lock lock(draw_, std::try_to_lock);
  if (!lock.owns_lock()) return;
  last_draw_ns_.store(now, std::memory_order_relaxed);
  try {
    std::string text = "\r" +
                       line(what_, std::min(done_.load(), total_), total_,
                            static_cast<double>(now - start_ns_) * 1e-9) +
                       "\x1b[K";
    // One write, so no other output lands inside the line.
    (void)!::write(STDERR_FILENO, text.data(), text.size());
    drawn_ = true;
  } catch (...) {  // formatting ran out of memory: no line this time
  }
}

void Progress::finish() noexcept {
  if (!owner_) return;
  finished_.store(true);
  clear();
}

void Progress::clear() noexcept {
  if (!owner_) return;
  std::lock_guard lock(draw_);
  if (!drawn_) return;
  static constexpr char kClear[] = "\r\x1b[K";
  (void)!::write(STDERR_FILENO, kClear, sizeof kClear - 1);
  drawn_ = false;
}

}  // namespace parkit
