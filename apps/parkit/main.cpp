// parkit: the tutorials' parallel workloads on any backend, and the harness that measures them.
#include <fmt/format.h>

#include <malloc.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <string>
#include <system_error>
#include <thread>

#include "cli.hpp"
#include "mpi_build.hpp"
#include "parkit/detail/failure.hpp"
#include "parkit/errors.hpp"
#include "parkit/interrupt.hpp"
#include "parkit/mpi.hpp"
#include "parkit/version.hpp"

namespace {

// Bad usage seen while parsing the command line: every rank of an MPI job parses the same
// arguments and sees the same error, so rank 0 says it once and every rank exits 2 (nothing to
// abort: MPI has not started). The others leave a moment later: mpirun ends the job at the first
// non-zero exit, which could cut rank 0 off before its line is out (seen in CI, 1 run in ~20).
int usage_fail(const std::string& msg) {
  if (parkit::mpi::launched() && !parkit::mpi::running() && parkit::mpi::launcher_rank() != 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    return 2;
  }
  fmt::print(stderr, "{}\n", parkit::detail::error_line(msg));
  return 2;
}

int fail(int code, const std::string& msg) {
  // Under mpirun a rank that gives up alone would leave the others waiting for it: end the job.
  if (parkit::mpi::running() && parkit::mpi::world_size() > 1) {
    fmt::print(stderr, "{}\n", parkit::detail::error_line(msg, parkit::mpi::world_rank()));
    parkit::mpi::abort_job(code);
  }
  fmt::print(stderr, "{}\n", parkit::detail::error_line(msg));
  return code;
}

// What a command printed must have reached its destination: `parkit zipf ... > /dev/full` is a
// failure, not a success with nothing written.
int finish_output(int code) {
  errno = 0;
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    int e = errno ? errno : EIO;
    return fail(1, fmt::format("cannot write the output: {}", std::system_category().message(e)));
  }
  return code;
}

}  // namespace

namespace parkit::cli {

int run_main(int argc, char** argv) {
  CLI::App app{
      "parkit: parallel computing in C++ - the tutorials' models and workloads on "
      "serial, threads, processes and MPI backends, with a harness that measures speedup.",
      "parkit"};
  app.require_subcommand(1);
  app.fallthrough(false);
  app.set_version_flag("--version", std::string("parkit ") + parkit::version());
  std::vector<parkit::cli::Command> commands{
      parkit::cli::add_tour(app),         parkit::cli::add_integrate(app),
      parkit::cli::add_wordcount(app),    parkit::cli::add_zipf(app),
      parkit::cli::add_acf(app),          parkit::cli::add_plot_counts(app),
      parkit::cli::add_pipeline(app),     parkit::cli::add_make_corpus(app),
      parkit::cli::add_mpi(app),          parkit::cli::add_echo(app),
      parkit::cli::add_hello_server(app), parkit::cli::add_heat(app),
      parkit::cli::add_pi(app),           parkit::cli::add_walk(app),
      parkit::cli::add_pool(app),         parkit::cli::add_csvify(app),
      parkit::cli::add_invert(app),       parkit::cli::add_amdahl(app),
      parkit::cli::add_scale(app),        parkit::cli::add_cluster(app),
      parkit::cli::add_engine(app)};
  if (argc > 1 && argv[1][0] != '-') {
    bool known = false;
    for (auto& c : commands) known = known || c.app->get_name() == argv[1];
    if (!known)
      return usage_fail(fmt::format("unknown subcommand '{}' (see parkit --help)", argv[1]));
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    return usage_fail(e.what());
  }
  try {
    for (auto& c : commands)
      if (c.app->parsed()) return finish_output(c.run());
    return fail(2, "no subcommand given (see parkit --help)");
  } catch (...) {
    auto f = parkit::detail::classify(std::current_exception());
    return fail(f.cli_exit_code(), f.what);
  }
}

}  // namespace parkit::cli

int main(int argc, char** argv) {
  // A command that needs MPI, or the cluster, runs in parkit-mpi (this process becomes it).
  parkit::cli::hand_over_to_mpi_build(argc, argv);
  // Before any thread: Ctrl-C, SIGTERM and SIGHUP remove the temporaries in hand, then end us.
  parkit::clean_up_on_interrupt();
  // Keep freed memory for reuse instead of returning it to the kernel: the workloads allocate
  // and free book-sized buffers over and over, and on a virtual machine every fresh page costs a
  // fault (the 61-book pipeline took 26k faults and 0.4 s of system time without this, 7k and
  // 0.2 s with it).
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // NOLINT(concurrency-mt-unsafe): before any thread
  mallopt(M_TRIM_THRESHOLD, 1 << 30);   // NOLINT(concurrency-mt-unsafe)
  return parkit::cli::run_main(argc, argv);
}
