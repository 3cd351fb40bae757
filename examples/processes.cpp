// docs/models.md, "Processes, pipes, queues and shared arrays": multiprocessing's Process, Pipe,
// Queue and Array.
#include <parkit/pipe.hpp>
#include <parkit/process.hpp>
#include <parkit/queue.hpp>
#include <parkit/shared_array.hpp>

#include <cstdio>
#include <string>

int main() {
  // A pipe server (the tutorial's): the child answers each message with it and an "X".
  auto ends = parkit::make_pipe();  // (clang 14 cannot capture structured bindings)
  parkit::PipeEnd& mine = ends.first;
  parkit::PipeEnd& theirs = ends.second;
  parkit::Process server([&] {
    mine.close();
    for (;;) {
      auto msg = theirs.recv<std::string>();
      theirs.send(msg + "X");
      if (msg == "stop") return;
    }
  });
  server.start();
  theirs.close();
  mine.send(std::string("fred"));
  std::string reply = mine.recv<std::string>();
  mine.send(std::string("stop"));
  mine.recv<std::string>();
  server.join();

  // A queue between processes: a producer puts 1..100, the parent sums them.
  parkit::Queue<int> q;
  parkit::Process producer([&] {
    for (int i = 1; i <= 100; ++i) q.put(i);
  });
  producer.start();
  int total = 0;
  for (int i = 0; i < 100; ++i) total += q.get();
  producer.join();

  // A shared array that two children update under its lock.
  parkit::SharedArray<long> counter(1);
  parkit::Process a([&] {
    for (int i = 0; i < 1000; ++i) {
      auto held = counter.lock();
      counter[0] += 1;
    }
  });
  parkit::Process b([&] {
    for (int i = 0; i < 1000; ++i) {
      auto held = counter.lock();
      counter[0] += 1;
    }
  });
  a.start();
  b.start();
  a.join();
  b.join();
  std::printf("pipe %s, queue %d, shared %ld\n", reply.c_str(), total, counter[0]);
}
