// Chaos soak (ctest label `long`, not in the default run; `ctest --preset soak`): 10^5 tasks
// through ThreadPool, ProcessPool and TeamPool while a killer SIGKILLs random workers and some
// tasks throw. Every task must end exactly once, as its result or as an error (its own TaskError,
// or the failure that broke its pool); no round may hang, leak a descriptor or leave a child.
#include <dirent.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>
#include <thread>

#include "open_fds.hpp"
#include "parkit/parkit.hpp"

using namespace parkit;
using namespace std::chrono_literals;

namespace {

constexpr int total_tasks = 100'000;
constexpr int per_round = 2'000;

long long task(int i) {
  volatile long long x = 0;
  for (int k = 0; k < 200; ++k) x = x + k;  // a few microseconds of work
  if (i % 97 == 0) throw std::runtime_error("task " + std::to_string(i) + " says no");
  return static_cast<long long>(i) * i;
}

std::vector<int> my_children() {
  std::vector<int> out;
  if (DIR* d = ::opendir("/proc/self/task")) {
    while (auto* e = ::readdir(d)) {
      if (e->d_name[0] == '.') continue;
      std::ifstream f(std::string("/proc/self/task/") + e->d_name + "/children");
      int pid;
      while (f >> pid) out.push_back(pid);
    }
    ::closedir(d);
  }
  return out;
}

// Kills one random child of this process at a random moment, while it lives.
class Killer {
 public:
  explicit Killer(std::uint64_t seed) : rng_(seed) {
    thread_ = std::thread([this] {
      std::uniform_int_distribution<int> wait_us(1'000, 150'000);
      std::this_thread::sleep_for(std::chrono::microseconds(wait_us(rng_)));
      if (stop_) return;
      auto kids = my_children();
      if (kids.empty()) return;
      ::kill(kids[std::uniform_int_distribution<std::size_t>(0, kids.size() - 1)(rng_)], SIGKILL);
      killed_ = true;
    });
  }
  ~Killer() { finish(); }
  // Stops the killer (if it has not struck yet); whether it killed.
  bool finish() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    return killed_;
  }

 private:
  std::mt19937_64 rng_;
  std::atomic<bool> stop_{false}, killed_{false};
  std::thread thread_;
};

// What became of each task of a round: calls counted, outcome checked.
struct Ledger {
  explicit Ledger(int from, int n) : first(from), calls(static_cast<std::size_t>(n)) {}
  int first;
  std::vector<std::atomic<int>> calls;
  std::atomic<int> finished{0}, results{0}, task_errors{0}, pool_errors{0}, wrong{0};

  auto callback(int i) {
    return [this, i](long long r, std::exception_ptr e) {
      calls[static_cast<std::size_t>(i - first)]++;
      if (!e) {
        if (r != static_cast<long long>(i) * i || i % 97 == 0) wrong++;
        results++;
      } else {
        try {
          std::rethrow_exception(e);
        } catch (const TaskError& t) {
          bool mine = i % 97 == 0 && std::string(t.what()).find("task " + std::to_string(i) +
                                                                " says no") != std::string::npos;
          if (!mine) wrong++;
          task_errors++;
        } catch (const WorkerCrashed&) {
          pool_errors++;
        } catch (const Cancelled&) {
          pool_errors++;
        } catch (const CommError&) {
          pool_errors++;
        } catch (...) {
          wrong++;
        }
      }
      finished++;
    };
  }

  void check(bool killed) {
    auto deadline = std::chrono::steady_clock::now() + 60s;
    while (finished.load() < static_cast<int>(calls.size()) &&
           std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(1ms);
    ASSERT_EQ(finished.load(), static_cast<int>(calls.size())) << "tasks never ended (a hang)";
    for (std::size_t k = 0; k < calls.size(); ++k)
      ASSERT_EQ(calls[k].load(), 1) << "task " << first + static_cast<int>(k);
    EXPECT_EQ(wrong.load(), 0);
    if (!killed) {
      EXPECT_EQ(pool_errors.load(), 0);
    }
  }
};

template <class Pool>
void submit_round(Pool& pool, Ledger& ledger, int first) {
  for (int i = first; i < first + per_round; ++i) pool.submit_with(ledger.callback(i), &task, i);
}

struct Totals {
  long results = 0, task_errors = 0, pool_errors = 0;
  int kills = 0;
  void add(const Ledger& l, bool killed) {
    results += l.results.load();
    task_errors += l.task_errors.load();
    pool_errors += l.pool_errors.load();
    kills += killed;
  }
  void print(const char* pool) const {
    std::printf(
        "%s: %d of %d rounds with a worker killed; %ld results, %ld task errors, %ld "
        "tasks failed with their pool\n",
        pool, kills, total_tasks / per_round, results, task_errors, pool_errors);
    EXPECT_GT(results, total_tasks / 10) << "the soak barely ran";
    EXPECT_GT(kills, 0) << "the killer never struck";
  }
};

void no_child_left() {
  for (int tries = 0; tries < 200 && !my_children().empty(); ++tries)
    std::this_thread::sleep_for(5ms);
  EXPECT_TRUE(my_children().empty());
  EXPECT_EQ(::waitpid(-1, nullptr, WNOHANG), -1) << "an unreaped child";
}

std::uint64_t seed() {
  const char* s = std::getenv("PARKIT_SOAK_SEED");  // NOLINT(concurrency-mt-unsafe)
  return s ? std::strtoull(s, nullptr, 10) : std::random_device{}();
}

}  // namespace

TEST(ChaosSoak, ThreadPool) {
  std::size_t fds = open_fds();
  for (int first = 0; first < total_tasks; first += per_round) {
    Ledger ledger(first, per_round);
    {
      ThreadPool pool(3);
      submit_round(pool, ledger, first);
    }
    ledger.check(false);
  }
  EXPECT_EQ(open_fds(), fds);
}

TEST(ChaosSoak, ProcessPool) {
  auto s = seed();
  RecordProperty("seed", std::to_string(s));
  std::size_t fds = open_fds();
  Totals totals;
  for (int first = 0; first < total_tasks; first += per_round) {
    Ledger ledger(first, per_round);
    bool killed = false;
    {
      ProcessPool pool(3);
      Killer killer(s + static_cast<std::uint64_t>(first));
      submit_round(pool, ledger, first);
      ledger.check(true);
      killed = killer.finish();
    }
    ledger.check(killed);
    totals.add(ledger, killed);
    ASSERT_EQ(open_fds(), fds) << "round at task " << first;
  }
  no_child_left();
  totals.print("ProcessPool");
}

TEST(ChaosSoak, TeamPool) {
  auto s = seed();
  std::size_t fds = open_fds();
  Totals totals;
  for (int first = 0; first < total_tasks; first += per_round) {
    Ledger ledger(first, per_round);
    bool killed = false;
    try {
      run(make_team(Backend::processes, 3), [&](Comm& c) {
        with_team_pool(c, [&](TeamPool& pool) {
          std::unique_ptr<Killer> killer;
          if (c.rank() == 0)
            killer = std::make_unique<Killer>(s + static_cast<std::uint64_t>(first));
          submit_round(pool, ledger, first);
          ledger.check(true);
          killed = killer && killer->finish();
        });
      });
    } catch (const Error& e) {
      EXPECT_TRUE(killed) << e.what();
    }
    ledger.check(killed);
    totals.add(ledger, killed);
    ASSERT_EQ(open_fds(), fds) << "round at task " << first;
  }
  no_child_left();
  totals.print("TeamPool");
}
