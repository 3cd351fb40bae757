// TeamPool: an executor whose workers are the ranks of a team, the analog of mpi4py.futures'
// MPIPoolExecutor. Rank 0 runs `main` with the pool, and a dispatcher thread of rank 0 hands
// tasks (one chunk at a time) to ranks 1..size-1, which serve them until main returns. It has
// the Python vocabulary of pool_api.hpp: submit, map, starmap, imap, imap_unordered, chunksize.
//
// Ranks may be separate processes on separate machines (MPI), so a task is named, not copied:
// it must be a plain function or a lambda without captures (sent as its address within its
// module, found again in the receiving rank's copy of the same binary); pass data as arguments,
// which must be serializable, like its results. Both are checked at compile time. A team of one
// runs the tasks on rank 0's dispatcher thread.
//
//   parkit::run(team, [](parkit::Comm& c) {
//     parkit::with_team_pool(c, [](parkit::TeamPool& pool) {
//       auto squares = pool.map([](int x) { return x * x; }, std::vector<int>{1, 2, 3});
//     });
//   });
//
// While the pool is open, only its dispatcher talks on the Comm.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <type_traits>
#include <vector>

#include "parkit/comm.hpp"
#include "parkit/detail/pool_task.hpp"
#include "parkit/pool_api.hpp"

namespace parkit {

namespace detail {
// A code address as (module, offset within it), meaningful in any process running the same
// binaries; and back.
void append_code_ref(Bytes& out, const void* address);
const void* read_code_ref(std::span<const std::byte>& in);
}  // namespace detail

class TeamPool : public PoolApi<TeamPool> {
 public:
  // Collective: see with_team_pool.
  explicit TeamPool(Comm& c);
  ~TeamPool();
  TeamPool(const TeamPool&) = delete;
  TeamPool& operator=(const TeamPool&) = delete;

  int workers() const noexcept;

  template <class Mode, class F, class T>
  void submit_chunk(const F& f, std::vector<T> items, std::size_t first, detail::CancelFlag cancel,
                    detail::ChunkDone<detail::result_t<Mode, F, T>> done) {
    using R = detail::result_t<Mode, F, T>;
    constexpr bool function_pointer =
        std::is_pointer_v<F> && std::is_function_v<std::remove_pointer_t<F>>;
    static_assert(function_pointer || (std::is_empty_v<F> && std::is_default_constructible_v<F> &&
                                       std::is_trivially_copyable_v<F>),
                  "parkit::TeamPool: the task must be a plain function or a lambda without "
                  "captures (ranks may be other processes on other machines); pass data as "
                  "arguments");
    static_assert(Serializable<std::vector<T>>,
                  "parkit::TeamPool: task arguments must be serializable");
    static_assert(Serializable<std::vector<R>>,
                  "parkit::TeamPool: task results must be serializable");
    // [trampoline][function? ][first][F's bytes + items] (see serve in team_pool.cpp)
    Bytes head;
    detail::append_code_ref(head, reinterpret_cast<const void*>(&detail::trampoline<Mode, F, T>));
    if constexpr (function_pointer) {
      append_bytes(head, std::uint8_t{1});
      detail::append_code_ref(head, reinterpret_cast<const void*>(f));
    } else {
      append_bytes(head, std::uint8_t{0});
    }
    enqueue(std::move(head), first, detail::encode_chunk(f, items), std::move(cancel),
            detail::decode_results<R>(std::move(done)));
  }

 private:
  struct Impl;
  void enqueue(Bytes head, std::uint64_t first, Bytes payload, detail::CancelFlag cancel,
               detail::ReplyDone done);
  std::unique_ptr<Impl> impl_;
};

// The ranks other than 0 serve tasks until rank 0 closes its pool.
void serve_team_pool(Comm& c);

// Collective. On rank 0: opens a pool over the other ranks, runs main(pool), waits for every
// task submitted, closes the pool and returns main's result (if any). On the other ranks: serves
// tasks until then, and returns a default-constructed result.
template <class Main>
auto with_team_pool(Comm& c, Main&& main) -> std::invoke_result_t<Main&, TeamPool&> {
  using R = std::invoke_result_t<Main&, TeamPool&>;
  if (c.rank() != 0) {
    serve_team_pool(c);
    if constexpr (!std::is_void_v<R>)
      return R{};
    else
      return;
  } else {
    TeamPool pool(c);
    return main(pool);
  }
}

}  // namespace parkit
