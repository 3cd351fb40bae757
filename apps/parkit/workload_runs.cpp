#include "workload_runs.hpp"

#include "cli.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "parkit/errors.hpp"
#include "parkit/files.hpp"
#include "parkit/version.hpp"
#include "parkit/workloads/acf.hpp"
#include "parkit/workloads/corpus_files.hpp"
#include "parkit/workloads/corpus_pipeline.hpp"
#include "parkit/workloads/csvify.hpp"
#include "parkit/workloads/heat.hpp"
#include "parkit/workloads/integrate.hpp"
#include "parkit/workloads/invert.hpp"
#include "parkit/workloads/make_corpus.hpp"
#include "parkit/workloads/monte_carlo_pi.hpp"
#include "parkit/workloads/random_walk.hpp"
#include "parkit/workloads/wordcount.hpp"

namespace parkit::cli {

namespace {

std::string hash_of(std::string_view bytes) {
  return std::to_string(std::hash<std::string_view>()(bytes));
}

WorkloadRun integrate_run(const WorkloadParams& p) {
  return {fmt::format("integrate n={}", p.n), [n = static_cast<int>(p.n)](const Team& t) {
            return fmt::format("{:a}", workloads::integrate(t, n).integral);
          }};
}

// The PDE on a large grid: the halo exchange every step against the stencil's work.
WorkloadRun heat_run(const WorkloadParams& p) {
  check_workload_params(p);
  auto points = static_cast<std::size_t>(p.heat_points);
  auto steps = static_cast<std::size_t>(p.heat_steps);
  return {fmt::format("heat N={} x{}", points, steps), [points, steps](const Team& t) {
            auto s = workloads::heat_setup(points, steps, t.workers);
            auto f = workloads::heat_solve(t, s);
            return hash_of({reinterpret_cast<const char*>(f.data()), f.size() * sizeof(double)});
          }};
}

// The Snakefile's workflow on a generated corpus, from scratch each time. With p.corpus_dir (an
// MPI point's ranks), the corpus the parent generated there.
WorkloadRun pipeline_run(const WorkloadParams& p) {
  struct Inputs {
    std::optional<TempDir> made;
    std::string dir;
    workloads::CorpusPipeline pipeline;
    pipeline::RealDisk disk;
  };
  auto in = std::make_shared<Inputs>();
  if (p.corpus_dir.empty()) {
    in->made.emplace("parkit-corpus");
    in->dir = in->made->path();
    workloads::make_corpus(in->dir, static_cast<std::size_t>(p.books),
                           static_cast<std::size_t>(p.words), 1);
  } else {
    in->dir = p.corpus_dir;
  }
  in->pipeline = workloads::corpus_pipeline(in->dir);
  WorkloadRun r{fmt::format("pipeline {}x{}", p.books, p.words), [in](const Team& t) {
                  auto b = workloads::run_pipeline(in->pipeline, in->disk, t, t.workers,
                                                   {false, version(), {}});
                  if (b.failed) throw Error(fmt::format("pipeline failed: {}", b.errors.front()));
                  std::string outputs;  // every output's bytes, in job order
                  for (const auto& job : in->pipeline.graph.jobs())
                    for (const auto& o : job.outputs) outputs += read_file(o);
                  return hash_of(outputs);
                }};
  r.reset = [in] { workloads::delete_outputs(in->pipeline, in->disk); };
  r.shared_dir = in->dir;
  r.inputs = in;
  return r;
}

// The tutorials' threaded I/O: the .dat files of a generated corpus become .csv files, each line
// repeated p.csv_inflate times, on a pool of the team's worker count of threads.
WorkloadRun csvify_run(const WorkloadParams& p) {
  struct Inputs {
    TempDir dir{"parkit-csvify"};
  };
  auto in = std::make_shared<Inputs>();
  for (const auto& book : workloads::make_corpus(in->dir.path(), static_cast<std::size_t>(p.books),
                                                 static_cast<std::size_t>(p.words) / 10, 2)) {
    workloads::wordcount_file(book, book.substr(0, book.size() - 4) + ".dat");
  }
  auto inflate = static_cast<std::size_t>(p.csv_inflate);
  WorkloadRun r{fmt::format("csvify {}x{} x{}", p.books, p.words / 10, inflate),
                [in, inflate](const Team& t) {
                  workloads::csvify_dir(in->dir.path(), t.workers, inflate);
                  std::string all;
                  for (const auto& name : names_ending_with(in->dir.path(), ".csv"))
                    all += read_file(in->dir.path() + "/" + name);
                  return hash_of(all);
                }};
  r.threads_only = true;
  r.inputs = in;
  return r;
}

// The tutorial's autocorrelation of one book's 16 most frequent words (100 lags): finding
// their positions is serial, the ACFs go to the team (the `acf` command's split).
WorkloadRun acf_run(const WorkloadParams& p) {
  struct Inputs {
    std::string text;
    std::vector<std::string> top;
  };
  auto in = std::make_shared<Inputs>();
  in->text = workloads::synthetic_book(1, 0, static_cast<std::size_t>(p.acf_words));
  auto counts = workloads::count_words(in->text, "book");
  for (std::size_t k = 0; k < 16 && k < counts.size(); ++k) in->top.push_back(counts[k].word);
  WorkloadRun r{fmt::format("acf {} words", p.acf_words), [in](const Team& t) {
                  auto occ = workloads::find_occurrences(in->text, "book", in->top, "counts");
                  return workloads::format_acf(workloads::average_acf(t, occ, 100));
                }};
  r.inputs = in;
  return r;
}

// The tutorial's random walk (15 Y, 300 samples each by default).
WorkloadRun walk_run(const WorkloadParams& p) {
  auto samples = static_cast<std::uint32_t>(p.walk_samples);
  return {fmt::format("walk 15Yx{}", samples), [samples](const Team& t) {
            std::vector<std::uint32_t> ys;
            for (std::uint32_t y = 10; y <= 150; y += 10) ys.push_back(y);
            auto r =
                workloads::random_walk(t, ys, samples, 2026, workloads::WalkSchedule::balanced);
            std::string bits;
            for (const auto& row : r.rows) bits += fmt::format("{:a} ", row.mean);
            return bits;
          }};
}

// Monte Carlo pi, batches of 10^5 points (10^8 by default).
WorkloadRun pi_run(const WorkloadParams& p) {
  auto batches = static_cast<std::uint64_t>(p.pi_batches);
  return {fmt::format("pi {}x100000", batches), [batches](const Team& t) {
            return fmt::format("{:a}", workloads::monte_carlo_pi(t, batches, 100000, 4, 2026).mean);
          }};
}

// The BLAS-threads lesson: one LAPACK inversion on the team's worker count of BLAS threads.
WorkloadRun invert_run(const WorkloadParams& p) {
  auto n = static_cast<std::size_t>(p.invert_size);
  WorkloadRun r{fmt::format("invert n={}", n), [n](const Team& t) {
                  auto v = workloads::invert(n, t.workers);
                  return std::string(v.residual < 1e-12 ? "residual < 1e-12" : "BAD residual");
                }};
  r.threads_only = true;
  return r;
}

}  // namespace

namespace {

// One size option: its name, the field it sets, its help and its range.
struct SizeOption {
  const char* name;
  long long WorkloadParams::*field;
  const char* help;
  long long lo, hi;
};
const SizeOption size_options[] = {
    {"--n", &WorkloadParams::n, "integrate: bins per axis", 1, 100000},
    {"--heat-points", &WorkloadParams::heat_points, "heat: grid points (odd)", 3, 1LL << 32},
    {"--heat-steps", &WorkloadParams::heat_steps, "heat: time steps", 1, 1000000},
    {"--books", &WorkloadParams::books, "pipeline, csvify: books in the generated corpus", 1, 1000},
    {"--words", &WorkloadParams::words, "pipeline: words per book (csvify: a tenth)", 10, 10000000},
    {"--acf-words", &WorkloadParams::acf_words, "acf: words in the generated book", 100, 100000000},
    {"--size", &WorkloadParams::invert_size, "invert: matrix order", 1, 20000},
    {"--walk-samples", &WorkloadParams::walk_samples, "walk: samples for each Y", 1, 1000000},
    {"--pi-batches", &WorkloadParams::pi_batches, "pi: batches of 10^5 points", 1, 1000000},
    {"--inflate", &WorkloadParams::csv_inflate, "csvify: times each line is repeated", 1, 100000},
};

}  // namespace

void add_workload_options(CLI::App& app, WorkloadParams& p) {
  for (const auto& o : size_options)
    app.add_option(o.name, p.*o.field, o.help)
        ->transform(int_in_range(o.lo, o.hi))
        ->capture_default_str();
}

std::vector<std::string> workload_option_args(const WorkloadParams& p) {
  std::vector<std::string> out;
  for (const auto& o : size_options) {
    out.emplace_back(o.name);
    out.push_back(std::to_string(p.*o.field));
  }
  return out;
}

void default_unset_options(const CLI::App& app, WorkloadParams& p, const WorkloadParams& defaults) {
  for (const auto& o : size_options)
    if (app.get_option(o.name)->count() == 0) p.*o.field = defaults.*o.field;
}

void check_workload_params(const WorkloadParams& p) {
  if (p.heat_points % 2 == 0)
    throw UsageError(fmt::format("--heat-points: must be odd, got {}", p.heat_points));
}

const std::vector<std::string>& workload_names() {
  static const std::vector<std::string> names{"integrate", "heat", "pipeline", "acf",
                                              "walk",      "pi",   "invert",   "csvify"};
  return names;
}

void check_workload_name(const std::string& name) {
  const auto& names = workload_names();
  if (std::find(names.begin(), names.end(), name) == names.end())
    throw UsageError(
        fmt::format("unknown workload '{}' (expected one of: {})", name, fmt::join(names, ", ")));
}

WorkloadRun make_workload_run(const std::string& name, const WorkloadParams& p) {
  check_workload_name(name);
  if (name == "integrate") return integrate_run(p);
  if (name == "heat") return heat_run(p);
  if (name == "pipeline") return pipeline_run(p);
  if (name == "acf") return acf_run(p);
  if (name == "walk") return walk_run(p);
  if (name == "pi") return pi_run(p);
  if (name == "invert") return invert_run(p);
  return csvify_run(p);
}

}  // namespace parkit::cli
