// The patterns, written once over Comm: map, map_reduce and imap_unordered, with static (block,
// cyclic) and dynamic scheduling. Each is a collective: every rank of the team calls it with the
// same arguments. Results are always combined in task order, so they do not depend on the
// backend, the worker count, the schedule or the chunk size.
//
// The team-level overloads (taking a Team) start a team for the call and return to the caller.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <type_traits>
#include <utility>
#include <vector>

#include "parkit/comm.hpp"
#include "parkit/detail/comm_access.hpp"
#include "parkit/detail/dynamic_round.hpp"
#include "parkit/detail/reserved_tags.hpp"
#include "parkit/errors.hpp"
#include "parkit/partition.hpp"
#include "parkit/progress.hpp"
#include "parkit/run.hpp"

namespace parkit {

enum class Schedule {
  block,    // rank r takes one contiguous block (the tutorials' remainder rule)
  cyclic,   // chunk k goes to rank k % size (static, evens out a cost that grows with k)
  dynamic,  // ranks claim chunks from the shared counter as they finish
};

struct MapOptions {
  Schedule schedule = Schedule::block;
  std::size_t chunksize = 0;  // 0: block → whole block, cyclic → 1, dynamic → Python's rule
};

template <class F>
using task_result_t = std::invoke_result_t<const F&, std::size_t>;

namespace detail {

// Runs one task, turning anything it throws into a TaskError that names it.
template <class F>
task_result_t<F> call_task(Comm& c, const F& f, std::size_t i) {
  // Before every task, a look at whether the team failed elsewhere (a rank died): a long block
  // stops after the task in hand, not at its end. A virtual call and a relaxed load (processes:
  // plus the coarse clock); every 64 tasks was too seldom where one task takes 50 ms (acf's most
  // frequent words: a death was seen 2.8 s late).
  c.throw_if_cancelled();
  try {
    return f(i);
  } catch (const Cancelled&) {
    throw;
  } catch (const TaskError&) {
    throw;
  } catch (const std::exception& e) {
    throw TaskError(i, c.rank(), e.what());
  } catch (...) {
    throw TaskError(i, c.rank(), "unknown exception");
  }
}

// Calls visit(begin, end) for every chunk of [0, n) this rank owns under the schedule, checking
// between chunks whether the team was cancelled.
template <class Visit>
void for_each_chunk(Comm& c, std::size_t n, const MapOptions& o, Visit&& visit) {
  const auto p = static_cast<std::size_t>(c.size());
  const auto r = static_cast<std::size_t>(c.rank());
  auto run_chunk = [&](std::size_t b, std::size_t e) {
    c.throw_if_cancelled();
    visit(b, e);
    CommAccess::hold_task(c, -1);
  };
  switch (o.schedule) {
    case Schedule::block: {
      Range mine = block_range(n, p, r);
      std::size_t cs = o.chunksize ? o.chunksize : std::max<std::size_t>(mine.size(), 1);
      for (std::size_t b = mine.begin; b < mine.end; b += cs)
        run_chunk(b, std::min(b + cs, mine.end));
      return;
    }
    case Schedule::cyclic: {
      std::size_t cs = o.chunksize ? o.chunksize : 1;
      for (std::size_t b = r * cs; b < n; b += p * cs) run_chunk(b, std::min(b + cs, n));
      return;
    }
    case Schedule::dynamic: {
      std::size_t cs = o.chunksize ? o.chunksize : default_chunksize(n, p);
      DynamicRound round(c, n, cs);
      while (auto b = round.next()) run_chunk(*b, std::min(*b + cs, n));
      return;
    }
  }
}

// Rank 0's progress line for a team pattern. Rank 0 sees only its own tasks, so it counts those
// and scales by the team's size (equal shares), never past the total.
class RankProgress {
 public:
  RankProgress(const Comm& c, std::size_t n)
      : size_(static_cast<std::size_t>(c.size())), n_(n), line_("tasks", c.rank() == 0 ? n : 0) {}
  void tick() noexcept { line_.set_done(std::min(n_, ++own_ * size_)); }

 private:
  std::size_t size_, n_, own_ = 0;
  Progress line_;
};

template <class R>
void check_result_type() {
  static_assert(Serializable<R>,
                "parkit: a task's result must be serializable (trivially copyable, or a type "
                "cereal can serialize) so that it can cross a process or MPI boundary");
  static_assert(std::is_default_constructible_v<R>,
                "parkit::map: a task's result type must be default-constructible");
}

}  // namespace detail

// Runs f(0) .. f(n-1) across the team. Rank 0 gets the n results in task order; the other ranks
// get an empty vector.
template <class F>
std::vector<task_result_t<F>> map(Comm& c, std::size_t n, const F& f, MapOptions o = {}) {
  using R = task_result_t<F>;
  detail::check_result_type<R>();
  std::vector<std::uint64_t> bounds;  // begin, end of each chunk this rank ran
  std::vector<R> results;
  if (o.schedule == Schedule::block) results.reserve(block_range(n, c.size(), c.rank()).size());
  detail::RankProgress progress(c, n);
  detail::for_each_chunk(c, n, o, [&](std::size_t b, std::size_t e) {
    bounds.push_back(b);
    bounds.push_back(e);
    for (std::size_t i = b; i < e; ++i) {
      detail::CommAccess::hold_task(c, static_cast<std::int64_t>(i));
      results.push_back(detail::call_task(c, f, i));
      progress.tick();
    }
  });
  if (c.rank() != 0) {
    Bytes msg;
    append_bytes(msg, bounds);
    append_bytes(msg, results);
    detail::CommAccess::send_bytes(c, msg, 0, detail::tag_map);
    return {};
  }
  std::vector<R> out(n);
  auto place = [&](const std::vector<std::uint64_t>& bs, std::vector<R>& rs) {
    std::size_t k = 0;
    for (std::size_t j = 0; j + 1 < bs.size(); j += 2)
      for (std::uint64_t i = bs[j]; i < bs[j + 1]; ++i) out[i] = std::move(rs[k++]);
  };
  place(bounds, results);
  for (int r = 1; r < c.size(); ++r) {
    Message m = detail::CommAccess::recv_bytes(c, r, detail::tag_map);
    std::span<const std::byte> in(m.data);
    std::vector<std::uint64_t> bs;
    std::vector<R> rs;
    in = in.subspan(read_bytes(in, bs));
    read_bytes(in, rs);
    place(bs, rs);
  }
  return out;
}

// fold(init, f(0), ..., f(n-1)) with op, in task order; every rank gets the result.
template <class F, class T, class Op>
T map_reduce(Comm& c, std::size_t n, const F& f, T init, Op op, MapOptions o = {}) {
  static_assert(Serializable<T>, "parkit::map_reduce: the reduced value must be serializable");
  auto all = map(c, n, f, o);
  if (c.rank() == 0)
    for (auto& r : all) init = op(std::move(init), std::move(r));
  c.bcast(init, 0);
  return init;
}

// Streams results to sink(index, result) on rank 0 as chunks finish, in no particular order
// (Python's imap_unordered). Dynamic scheduling unless options say otherwise.
template <class F, class Sink>
void imap_unordered(Comm& c, std::size_t n, const F& f, Sink&& sink,
                    MapOptions o = {Schedule::dynamic, 0}) {
  using R = task_result_t<F>;
  detail::check_result_type<R>();
  auto deliver = [&](const Message& m) {
    std::span<const std::byte> in(m.data);
    std::uint64_t begin = 0;
    std::vector<R> rs;
    in = in.subspan(read_bytes(in, begin));
    read_bytes(in, rs);
    for (std::size_t k = 0; k < rs.size(); ++k) sink(begin + k, std::move(rs[k]));
  };
  const bool root = c.rank() == 0;
  int done = 0;  // ranks that said they are finished (an empty message)
  auto receive = [&](const Message& m) {
    if (m.data.empty())
      ++done;
    else
      deliver(m);
  };
  detail::RankProgress progress(c, n);
  detail::for_each_chunk(c, n, o, [&](std::size_t b, std::size_t e) {
    std::vector<R> rs;
    rs.reserve(e - b);
    for (std::size_t i = b; i < e; ++i) {
      detail::CommAccess::hold_task(c, static_cast<std::int64_t>(i));
      rs.push_back(detail::call_task(c, f, i));
      progress.tick();
    }
    if (root) {
      for (std::size_t k = 0; k < rs.size(); ++k) sink(b + k, std::move(rs[k]));
      while (auto m = detail::CommAccess::try_recv_bytes(c, any_source, detail::tag_imap))
        receive(*m);
    } else {
      Bytes msg;
      append_bytes(msg, static_cast<std::uint64_t>(b));
      append_bytes(msg, rs);
      detail::CommAccess::send_bytes(c, msg, 0, detail::tag_imap);
    }
  });
  if (!root) {
    detail::CommAccess::send_bytes(c, {}, 0, detail::tag_imap);  // empty message: this rank is done
    return;
  }
  while (done < c.size() - 1)
    receive(detail::CommAccess::recv_bytes(c, any_source, detail::tag_imap));
}

// ---- team-level forms: start a team for the call ----------------------------------------------

template <class F>
std::vector<task_result_t<F>> map(const Team& team, std::size_t n, const F& f, MapOptions o = {}) {
  return run(team, [&](Comm& c) { return map(c, n, f, o); });
}

// Only the caller needs the result, so the other ranks leave as soon as their results are sent
// (no broadcast back).
template <class F, class T, class Op>
T map_reduce(const Team& team, std::size_t n, const F& f, T init, Op op, MapOptions o = {}) {
  static_assert(Serializable<T>, "parkit::map_reduce: the reduced value must be serializable");
  for (auto& r : map(team, n, f, o)) init = op(std::move(init), std::move(r));
  return init;
}

template <class F, class Sink>
void imap_unordered(const Team& team, std::size_t n, const F& f, Sink&& sink,
                    MapOptions o = {Schedule::dynamic, 0}) {
  run(team, [&](Comm& c) { imap_unordered(c, n, f, sink, o); });
}

}  // namespace parkit
