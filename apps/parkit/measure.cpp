#include "measure.hpp"

#include "mpi_point.hpp"
#include "parkit/clock.hpp"

namespace parkit::cli {

std::vector<report::ScalePoint> measure_points(const std::string& workload, WorkloadRun& w,
                                               const WorkloadParams& p,
                                               const std::vector<Team>& teams, int repeat) {
  std::vector<report::ScalePoint> points(teams.size());
  for (std::size_t i = 0; i < teams.size(); ++i) {
    points[i].backend = std::string(to_string(teams[i].backend));
    points[i].workers = teams[i].workers;
  }
  // One untimed run first: the first run of a workload pays for cold caches, page faults and
  // libraries loaded on first use (OpenBLAS), which would all count against the serial point.
  w.reset();
  (void)w.run(Team{Backend::serial, 1});
  for (int k = 0; k < repeat; ++k)
    for (std::size_t i = 0; i < teams.size(); ++i) {
      w.reset();
      if (teams[i].backend == Backend::mpi) {
        auto r = run_mpi_point(workload, p, teams[i].workers, w.shared_dir);
        points[i].seconds.push_back(r.seconds);
        points[i].result = r.result_hash;
      } else {
        Stopwatch clock;
        std::string result = w.run(teams[i]);
        points[i].seconds.push_back(clock.seconds());
        points[i].result = result_hash(result);
      }
    }
  return points;
}

}  // namespace parkit::cli
