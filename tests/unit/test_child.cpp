#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include "core/child.hpp"
#include "parkit/errors.hpp"

using namespace parkit;
using namespace parkit::detail;

TEST(Child, SharedSlotsAreSharedWithTheChild) {
  SharedSlots slots(2);
  Child c = spawn_child(1,
                        [&] {
                          slots.counter().fetch_add(41);
                          slots.slot(1).state.store(1);
                          return exit_ok;
                        },
                        {});
  reap(c);
  EXPECT_EQ(slots.counter().load(), 41);
  EXPECT_EQ(child_outcome(c, slots.slot(1)), nullptr);
}

TEST(Child, ReportedFailureComesBackAsTaskError) {
  SharedSlots slots(2);
  Child c = spawn_child(1,
                        [&] {
                          record_failure(slots.slot(1),
                                         std::make_exception_ptr(TaskError(9, 1, "no good")), 1);
                          return exit_reported;
                        },
                        {});
  reap(c);
  auto e = child_outcome(c, slots.slot(1));
  ASSERT_TRUE(e);
  try {
    std::rethrow_exception(e);
  } catch (const TaskError& t) {
    EXPECT_EQ(t.task(), 9u);
    EXPECT_EQ(t.rank(), 1);
    EXPECT_EQ(t.message(), "no good");
  }
}

TEST(Child, DeathBySignalIsWorkerCrashedWithTheTaskHeld) {
  SharedSlots slots(2);
  Child c = spawn_child(1,
                        [&] {
                          slots.slot(1).task.store(12);
                          ::raise(SIGTERM);  // not SIGSEGV: sanitizers turn that into an exit
                          return exit_ok;
                        },
                        {});
  reap(c);
  try {
    std::rethrow_exception(child_outcome(c, slots.slot(1)));
  } catch (const WorkerCrashed& w) {
    EXPECT_EQ(w.signal(), SIGTERM);
    EXPECT_EQ(w.task(), 12u);
    EXPECT_EQ(w.rank(), 1);
  }
}

TEST(Child, ExitWithoutFinishingIsACrash) {
  SharedSlots slots(2);
  Child c = spawn_child(1, [] { return 0; }, {});  // never marked finished
  reap(c);
  EXPECT_THROW(std::rethrow_exception(child_outcome(c, slots.slot(1))), WorkerCrashed);
}

TEST(Child, KillChildIsRecordedAsOurs) {
  SharedSlots slots(2);
  Child c = spawn_child(1,
                        [] {
                          ::pause();
                          return 0;
                        },
                        {});
  kill_child(c);
  reap(c);
  EXPECT_TRUE(c.killed_by_us);
  EXPECT_TRUE(WIFSIGNALED(c.status));
}
