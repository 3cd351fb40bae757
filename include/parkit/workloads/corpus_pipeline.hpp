// The tutorials' Snakefile as a parkit pipeline over DIR/*.txt:
//   DIR/processed_data/<book>.dat   wordcount of each book
//   DIR/results/results.csv         zipf 10 over every .dat, sorted by name
//   DIR/results/acf_<book>.csv      acf of each book (16 words, 100 lags)
// Each book's jobs log to DIR/processed_data/<book>.log; the build log is DIR/.parkit_build_log.
#pragma once

#include <string>
#include <vector>

#include "parkit/pipeline/graph.hpp"

namespace parkit::workloads {

struct CorpusPipeline {
  std::vector<std::string> books;  // names, sorted
  pipeline::Graph graph;
  std::string log_path;
};

// Throws UsageError if DIR is not a directory or holds no .txt book.
CorpusPipeline corpus_pipeline(const std::string& dir);

// Registers the actions the corpus pipeline's jobs name ("wordcount", "zipf", "acf").
void register_corpus_actions();

}  // namespace parkit::workloads
