// parkit cluster start|status|run|map|stop and parkit engine: the tutorials' ipcluster and
// ipyparallel client on the command line (issue 14; docs/cluster.md).
#include <arpa/inet.h>
#include <fmt/format.h>

#include <chrono>
#include <memory>
#include <thread>
#include <tuple>

#include "cli.hpp"
#include "mpi_point.hpp"
#include "parkit/cluster.hpp"
#include "parkit/cluster/service.hpp"
#include "parkit/cluster/task.hpp"
#include "parkit/files.hpp"
#include "parkit/mpi.hpp"
#include "parkit/program.hpp"
#include "parkit/team.hpp"
#include "parkit/workloads/integrate.hpp"
#include "parkit/workloads/monte_carlo_pi.hpp"
#include "parkit/workloads/wordcount.hpp"

namespace parkit::cli {

namespace {

// --- the engine's own tasks: parkit's subcommands ------------------------------------------------

// Whether a command line runs its team on MPI (--backend mpi or --backend=mpi).
bool asks_for_mpi(const std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size(); ++i)
    if (args[i] == "--backend=mpi" ||
        (args[i] == "--backend" && i + 1 < args.size() && args[i + 1] == "mpi"))
      return true;
  return false;
}

// Whether this call is one SPMD run over the engines' MPI world: every rank got it at once
// (the broadcast view); otherwise a task runs on its engine alone.
bool spmd_call() { return mpi::launched() && cluster::call_width() == mpi::world_size(); }

// Runs `parkit ARGS...` in this engine, its standard output and error caught: (exit code,
// stdout, stderr).
std::tuple<int, std::string, std::string> run_subcommand(std::vector<std::string> args) {
  if (args.empty())
    throw UsageError("cluster run: no command given (cluster run -- COMMAND ARGS...)");
  if (args[0] == "cluster" || args[0] == "engine")
    throw UsageError(fmt::format("cluster run: '{}' does not run on an engine", args[0]));
  // One rank of an MPI world alone in a collective would wait for the others for ever.
  if (asks_for_mpi(args) && !spmd_call())
    throw UsageError(
        "--backend mpi on a cluster runs over every engine of its MPI world at once: the engines "
        "must be MPI engines (cluster start --engines mpi) and the targets all of them");
  args.insert(args.begin(), "parkit");
  auto c = cluster::run_captured([&args] {
    std::vector<char*> argv = argv_pointers(args);
    return run_main(static_cast<int>(args.size()), argv.data());
  });
  return {c.code, std::move(c.out), std::move(c.err)};
}

// The tutorials' mpi_acf(book, wc_book): the ACF of one book over every engine of the MPI
// world when called through the broadcast view (rank 0 writes `out`), else on the engine alone.
// Returns what acf printed.
std::string mpi_acf(std::string book, std::string counts, std::string out) {
  auto [code, text, errors] =
      run_subcommand({"acf", std::move(book), std::move(counts), std::move(out), "--backend",
                      std::string(spmd_call() ? "mpi" : "serial"), "--no-progress"});
  if (code != 0) throw Error(errors.empty() ? fmt::format("acf exited with {}", code) : errors);
  return text;
}

// The workloads as tasks, whole: on the engines' MPI world when called on all of them, else on
// the engine alone.
Team engine_team() {
  return spmd_call() ? make_team(Backend::mpi, mpi::world_size()) : make_team(Backend::serial, 1);
}

int bins(long n) {
  if (n < 1 || n > 1'000'000) throw UsageError(fmt::format("integrate: n = {} (1 to 1000000)", n));
  return static_cast<int>(n);
}

// The tutorials' 2D integral with n bins a side, and one row of it (a load-balanced map over the
// rows sums to the integral times (pi/n)^2).
double integrate_task(long n) { return workloads::integrate(engine_team(), bins(n)).integral; }
double integrate_row_task(long i, long n) {
  if (i < 0 || i >= n) throw UsageError(fmt::format("integrate_row: row {} of {}", i, n));
  return workloads::integrate_row(static_cast<int>(i), bins(n));
}

// The tutorial's sample_one_batch: the hits of batch `index` of `points` points (seed 2026, as
// parkit pi's default); 4 * hits / points estimates pi.
long pi_batch(long points, long index) {
  if (points < 1 || index < 0) throw UsageError("pi_batch: points >= 1 and index >= 0");
  return static_cast<long>(workloads::pi_hits(
      {2026, static_cast<std::uint64_t>(points), static_cast<std::uint64_t>(index)}));
}

// A book's word counts, as parkit wordcount writes them.
std::string wordcount_task(std::string book) {
  MappedFile text(book);
  return workloads::format_counts(workloads::count_words(text.view(), book));
}

PARKIT_TASK(parkit, run_subcommand);
PARKIT_TASK(mpi_acf, mpi_acf);
PARKIT_TASK(integrate, integrate_task);
PARKIT_TASK(integrate_row, integrate_row_task);
PARKIT_TASK(pi_batch, pi_batch);
PARKIT_TASK(wordcount, wordcount_task);

// --- the client's side
// ----------------------------------------------------------------------------

struct Where {
  std::string profile = "default";
  std::string file;
  void add_to(CLI::App& sub) {
    auto* p = sub.add_option("--profile", profile, "the cluster's name")->capture_default_str();
    sub.add_option("--connection", file, "its connection file (for a cluster on another host)")
        ->excludes(p);
  }
  std::string path() const { return file.empty() ? cluster::connection_path(profile) : file; }
};

Cluster connect(const Where& w) { return Cluster::connect_file(w.path()); }

struct StartArgs {
  int n = 2;
  std::string engines = "processes";
  std::string profile = "default";
  std::string ip = "127.0.0.1";
  std::string engine_binary;
  int ready_fd = -1;  // serve: where to say "ok" or why not

  cluster::ControllerOptions controller() const {
    in_addr addr{};
    if (::inet_pton(AF_INET, ip.c_str(), &addr) != 1)
      throw UsageError(fmt::format("--ip: '{}' is not an IPv4 address", ip));
    if (engines == "mpi")
      if (auto why = why_no_mpi_points(); !why.empty()) throw UsageError("--engines mpi: " + why);
    cluster::ControllerOptions o;
    o.profile = profile;
    o.path = cluster::connection_path(profile);
    o.ip = ip;
    o.n = n;
    o.kind = engines;
    o.engine_argv = {engine_binary.empty() ? this_program() : engine_binary, "engine"};
    return o;
  }
};

int start(const StartArgs& a) {
  a.controller();  // checks the options here, where the user sees the error
  std::vector<std::string> argv{
      this_program(), "cluster", "serve", "-n", std::to_string(a.n), "--engines", a.engines,
      "--profile",    a.profile, "--ip",  a.ip, "--ready-fd",        "3"};
  if (!a.engine_binary.empty()) {
    argv.emplace_back("--engine-binary");
    argv.push_back(a.engine_binary);
  }
  auto conn = cluster::start_service(a.profile, argv);
  fmt::print(
      "cluster '{}' started: {} engines ({}), controller pid {}\n  connection file {}\n  log {}\n",
      a.profile, a.n, a.engines, conn.controller, cluster::connection_path(a.profile),
      cluster::log_path(a.profile));
  return 0;
}

int status(const Where& w) {
  Cluster c = connect(w);
  auto s = c.status();
  fmt::print("cluster '{}': controller pid {}, up {:.1f} s, {} engines{}\n", s.profile,
             s.controller, s.uptime, s.engines.size(), s.kind.empty() ? "" : " (" + s.kind + ")");
  fmt::print("{:>6}  {:>8}  {:<20}  {:>6}  {:>7}  {}\n", "engine", "pid", "host", "done", "running",
             "state");
  for (const auto& e : s.engines)
    fmt::print("{:>6}  {:>8}  {:<20}  {:>6}  {:>7}  {}\n", e.index, e.pid, e.host, e.done,
               e.running, e.state);
  fmt::print("tasks: {} queued, {} running, {} done\n", s.queued, s.running, s.done);
  return 0;
}

std::vector<int> parse_targets(Cluster& c, const std::string& text) {
  if (text == "all") return c.ids();
  std::vector<int> out;
  for (long long t : int_list("--targets", text, 0, 1 << 20)) out.push_back(static_cast<int>(t));
  return out;
}

int run(const Where& w, const std::string& targets_text, const std::vector<std::string>& words) {
  if (words.empty())
    throw UsageError("cluster run: no command given (cluster run -- COMMAND ARGS...)");
  Cluster c = connect(w);
  auto targets = parse_targets(c, targets_text);
  if (targets.empty()) throw Error("cluster run: the cluster has no engines");
  auto view = c.direct_view(targets);
  auto results = view.apply_sync<std::tuple<int, std::string, std::string>>("parkit", words);
  // SPMD (--backend mpi over MPI engines): one job whose output is rank 0's, as under mpirun.
  // Otherwise each engine ran the command on its own: its output under its number, as
  // ipyparallel's [stdout:N].
  const bool spmd = asks_for_mpi(words);
  int code = 0;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const auto& [rc, out, err] = results[i];
    if (results.size() > 1 && !spmd && !out.empty()) fmt::print("[stdout:{}]\n", targets[i]);
    fmt::print("{}", out);
    if (results.size() > 1 && !spmd && !err.empty())
      fmt::print(stderr, "[stderr:{}]\n", targets[i]);
    fmt::print(stderr, "{}", err);
    if (code == 0) code = rc;
  }
  return code;
}

int map(const Where& w, const std::string& task, const std::vector<std::string>& items,
        int chunksize) {
  Cluster c = connect(w);
  // The items go as text: the task must take one text or number and give one back.
  for (const auto& r :
       c.load_balanced_view().map_text(task, items, static_cast<std::size_t>(chunksize)))
    fmt::print("{}\n", r);
  return 0;
}

int stop(const Where& w) {
  Cluster c = connect(w);
  const cluster::Connection conn = c.connection();
  c.stop();
  // The controller answers once its engines are gone; then it leaves.
  for (int i = 0; i < 500 && cluster::controller_alive(conn); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  fmt::print("cluster '{}' stopped\n", conn.profile);
  return 0;
}

}  // namespace

Command add_cluster(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "cluster",
      "engines that stay up behind a controller, driven by views (the tutorials' ipyparallel): "
      "start, status, run, map, stop");
  sub->require_subcommand(1);
  auto a = std::make_shared<StartArgs>();
  auto where = std::make_shared<Where>();
  auto targets = std::make_shared<std::string>("all");
  auto words = std::make_shared<std::vector<std::string>>();
  auto task = std::make_shared<std::string>();
  auto chunksize = std::make_shared<int>(1);

  auto add_start_options = [&](CLI::App* s) {
    s->add_option("-n", a->n, "engines")->transform(int_in_range(1, 1024))->capture_default_str();
    s->add_option("--engines", a->engines,
                  "processes (forked here) or mpi (one mpirun: the engines share an MPI world)")
        ->check(CLI::IsMember({"processes", "mpi"}))
        ->capture_default_str();
    s->add_option("--profile", a->profile, "the cluster's name (several can run side by side)")
        ->capture_default_str();
    s->add_option("--ip", a->ip,
                  "the IPv4 address to listen on (loopback unless given: engines on other hosts "
                  "need the host's address)")
        ->capture_default_str();
    s->add_option("--engine-binary", a->engine_binary,
                  "a program of your own whose main calls parkit::engine_main (its tasks)");
  };
  auto* st = sub->add_subcommand(
      "start", "start a controller (in the background, logging to a file) and its engines");
  add_start_options(st);
  auto* sv = sub->add_subcommand("serve", "");  // the controller itself, started by `start`
  add_start_options(sv);
  sv->add_option("--ready-fd", a->ready_fd, "")->required();
  sv->group("");

  auto* ss = sub->add_subcommand(
      "status", "the engines, their hosts, and the tasks queued, running and done");
  where->add_to(*ss);
  auto* sr = sub->add_subcommand(
      "run",
      "run a parkit command on engines: cluster run [--targets all|0,2] -- COMMAND ARGS... "
      "(with --backend mpi on MPI engines: one SPMD job)");
  where->add_to(*sr);
  sr->add_option("--targets", *targets, "all, or engine numbers: 0,2")->capture_default_str();
  sr->add_option("command", *words, "the parkit command and its arguments, after --")->required();
  auto* sm = sub->add_subcommand(
      "map", "call TASK on each item, on idle engines; one result a line, in item order");
  where->add_to(*sm);
  sm->add_option("task", *task, "a task of the engines (e.g. square, echo, hostname)")->required();
  sm->add_option("items", *words, "its arguments, one call each")->required();
  sm->add_option("--chunksize", *chunksize, "items a message")
      ->transform(int_in_range(1, 1000000))
      ->capture_default_str();
  auto* sp = sub->add_subcommand(
      "stop", "stop the controller and its engines; removes the connection file");
  where->add_to(*sp);

  return {sub, [=]() -> int {
            if (st->parsed()) return start(*a);
            if (sv->parsed()) return cluster::serve(a->controller(), a->ready_fd);
            if (ss->parsed()) return status(*where);
            if (sr->parsed()) return run(*where, *targets, *words);
            if (sm->parsed()) return map(*where, *task, *words, *chunksize);
            return stop(*where);
          }};
}

Command add_engine(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "engine",
      "run one engine of a cluster: parkit engine --connection FILE (cluster start starts its "
      "own; start more by hand, on this host or another, or with mpirun --hostfile)");
  sub->prefix_command();
  sub->footer(
      "Options: --connection FILE (the cluster's connection file, mode 0600; copy it to the "
      "other host), --index K (the engine number to ask for).");
  return {sub, [sub]() -> int {
            std::vector<std::string> rest = sub->remaining();
            rest.insert(rest.begin(), "engine");
            std::vector<char*> argv = argv_pointers(rest);
            return engine_main(static_cast<int>(rest.size()), argv.data());
          }};
}

}  // namespace parkit::cli
