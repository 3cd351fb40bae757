// The failure module: one classification, one ranking, one error line for every caller.
#include <gtest/gtest.h>

#include <stdexcept>

#include "parkit/detail/failure.hpp"
#include "parkit/errors.hpp"

using namespace parkit;
using namespace parkit::detail;

namespace {
template <class E>
std::exception_ptr ptr(E e) {
  return std::make_exception_ptr(std::move(e));
}
}  // namespace

TEST(FailureModule, ClassifiesEveryKindWithItsExitCode) {
  auto t = classify(ptr(TaskError(5, 2, "bad")));
  EXPECT_EQ(t.kind, FailureKind::task);
  EXPECT_EQ(t.message, "bad");
  EXPECT_EQ(t.rank, 2);
  EXPECT_EQ(t.task, 5u);
  EXPECT_EQ(t.cli_exit_code(), 1);
  auto w = classify(ptr(WorkerCrashed(1, 77, 9, 0, 3)));
  EXPECT_EQ(w.kind, FailureKind::crashed);
  EXPECT_EQ(w.pid, 77);
  EXPECT_EQ(w.signal, 9);
  EXPECT_EQ(classify(ptr(UsageError("u"))).cli_exit_code(), 2);
  EXPECT_EQ(classify(ptr(CommError("c"))).kind, FailureKind::comm);
  EXPECT_EQ(classify(ptr(Cancelled())).kind, FailureKind::cancelled);
  EXPECT_EQ(classify(ptr(std::runtime_error("r"))).kind, FailureKind::other);
  EXPECT_EQ(classify(std::make_exception_ptr(42)).what, "unknown exception");
}

TEST(FailureModule, RebuildGivesBackTheSameTypeAndText) {
  for (auto e : {ptr(TaskError(5, 2, "bad")), ptr(WorkerCrashed(1, 77, 9, 0, 3)),
                 ptr(UsageError("u")), ptr(CommError("c")), ptr(Cancelled())}) {
    auto f = classify(e);
    auto g = classify(rebuild(f));
    EXPECT_EQ(g.kind, f.kind);
    EXPECT_EQ(g.what, f.what);
    EXPECT_EQ(g.task, f.task);
  }
}

TEST(FailureModule, CancelledNeverHidesARealErrorAndCommErrorsYieldToCauses) {
  auto cancelled = ptr(Cancelled());
  auto comm = ptr(CommError("peer gone"));
  auto task = ptr(TaskError(1, 1, "the cause"));
  std::vector<std::exception_ptr> fs{nullptr, cancelled, comm, task, ptr(TaskError(2, 0, "later"))};
  EXPECT_EQ(classify(most_telling(fs)).message, "the cause");
  std::vector<std::exception_ptr> only{cancelled, comm};
  EXPECT_EQ(classify(most_telling(only)).kind, FailureKind::comm);
  EXPECT_EQ(most_telling(std::vector<std::exception_ptr>{nullptr}), nullptr);

  FailureRecord r;
  EXPECT_TRUE(r.record(cancelled));
  EXPECT_FALSE(r.record(task));
  EXPECT_FALSE(r.record(comm));
  EXPECT_EQ(classify(r.get()).kind, FailureKind::task);
}

TEST(FailureModule, ForeignExceptionsBecomeTaskErrorsOfTheRank) {
  auto e = as_rank_failure(ptr(std::runtime_error("oops")), 3);
  auto f = classify(e);
  EXPECT_EQ(f.kind, FailureKind::task);
  EXPECT_EQ(f.rank, 3);
  EXPECT_EQ(f.message, "oops");
  auto u = ptr(UsageError("kept"));
  EXPECT_EQ(as_rank_failure(u, 3), u);
}

TEST(FailureModule, OneErrorLine) {
  EXPECT_EQ(error_line("two\nlines \n"), "parkit: error: two lines");
  EXPECT_EQ(error_line("x", 2), "parkit: error: rank 2: x");
  // Bad input quoted in a message cannot reach the terminal raw (issue 9).
  EXPECT_EQ(error_line("b.dat:1: bad \x1b[31mred\r\x7f \xc3\xa6"),
            "parkit: error: b.dat:1: bad \\x1b[31mred\\x0d\\x7f \xc3\xa6");
}
