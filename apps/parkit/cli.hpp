// What every subcommand shares: registration, the --backend/--workers options, and the
// exit-code contract (0 ok, 1 runtime failure, 2 bad usage or input).
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

#include "parkit/team.hpp"

namespace parkit::cli {

struct Command {
  CLI::App* app;
  std::function<int()> run;
};

// Accepts a whole number in [lo, hi]; says which of the two was wrong. Use it with transform(),
// not check(): it rewrites the text as the decimal number it checked (CLI11 would read "010"
// as octal).
CLI::Validator int_in_range(long long lo, long long hi);

// A comma-separated list of whole numbers in [lo, hi], e.g. --Y 10,20,30; a UsageError naming
// the option for an empty list, an empty item ("10,,20") or a bad number.
std::vector<long long> int_list(const std::string& option, const std::string& text, long long lo,
                                long long hi);

// --seed for the commands that draw from counter-based streams (parkit::RandomStream): a whole
// number in [0, 2^62], shown with its default.
CLI::Option* add_seed_option(CLI::App& app, long long& seed, const std::string& help);

// Adds --backend and --workers to a subcommand (`workers_names` and `workers_help` rename the
// latter, e.g. the pipeline's "-j,--jobs,--workers").
struct TeamOptions {
  std::string backend = "serial";
  int workers = hardware_workers();
  bool no_progress = false;
  void add_to(CLI::App& app, const std::string& default_backend = "serial",
              const std::string& workers_names = "--workers",
              const std::string& workers_help = "ranks in the team");
  // Throws UsageError (e.g. mpi in a build without MPI). Under mpirun with --backend mpi the
  // team is every rank, and the output of ranks other than 0 goes to /dev/null.
  Team team() const;
};

Command add_integrate(CLI::App& app);
Command add_tour(CLI::App& app);
Command add_wordcount(CLI::App& app);
Command add_zipf(CLI::App& app);
Command add_acf(CLI::App& app);
Command add_plot_counts(CLI::App& app);
Command add_pipeline(CLI::App& app);
Command add_make_corpus(CLI::App& app);
Command add_mpi(CLI::App& app);
Command add_echo(CLI::App& app);
Command add_hello_server(CLI::App& app);
Command add_heat(CLI::App& app);
Command add_pi(CLI::App& app);
Command add_walk(CLI::App& app);
Command add_pool(CLI::App& app);
Command add_csvify(CLI::App& app);
Command add_invert(CLI::App& app);
Command add_amdahl(CLI::App& app);
Command add_scale(CLI::App& app);
// The cluster (cmd_cluster.cpp in the full build; a stub in the light one, which hands these
// commands to parkit-mpi).
Command add_cluster(CLI::App& app);
Command add_engine(CLI::App& app);

// The command line's work after main's process-wide set-up: parses argv and runs the command.
// An engine runs a subcommand through it (`parkit cluster run`).
int run_main(int argc, char** argv);

// pool.map(math.sin, [0.1, 0.2, 0.3, -2.3, 77.0]) and its time, as the tutorial prints them.
void print_pool_sin(const Team& t);

}  // namespace parkit::cli
