// docs/cluster.md, "Your own tasks": a program that is its own engine. Its tasks are registered
// by name; started with "engine" as its first argument (as the controller starts engines, or
// `parkit cluster start --engine-binary ./example_cluster`) it serves them, otherwise it starts
// a cluster of two of itself for as long as `c` lives (ipyparallel's `with ipp.Cluster(n=2)`).
#include <parkit/cluster.hpp>
#include <parkit/cluster/task.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace {

long vowels(std::string word) {
  long n = 0;
  for (char ch : word) n += std::string("aeiou").find(ch) != std::string::npos ? 1 : 0;
  return n * parkit::cluster::engine_value<long>("weight");
}

}  // namespace

PARKIT_TASK(vowels, vowels);

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "engine") return parkit::engine_main(argc, argv);
  auto c = parkit::Cluster::start({.n = 2});
  auto all = c.broadcast_view();
  all.push("weight", 10L);  // every engine's namespace
  std::printf("engines %zu, pids differ: %s\n", c.ids().size(),
              all.apply_sync<long>("pid")[0] != all.apply_sync<long>("pid")[1] ? "yes" : "no");
  std::vector<std::string> words{"parallel", "engines", "stay", "up"};
  auto counts = c.load_balanced_view().map<long>("vowels", words, 2);
  std::printf("vowels x 10:");
  for (long n : counts) std::printf(" %ld", n);
  std::printf("\n");
}  // the cluster stops here: engines ended, connection file removed
