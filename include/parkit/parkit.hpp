// Everything a user of parkit calls, by layer (arrows point down; see docs/architecture.md).
// Include this, or the one header of the concept you need. Headers under parkit/detail/ are
// internal: their names may change without notice.
#pragma once

// ---- core: errors, teams, serialization, partitioning, clocks, files, random streams
#include "parkit/clock.hpp"
#include "parkit/errors.hpp"
#include "parkit/files.hpp"
#include "parkit/interrupt.hpp"
#include "parkit/partition.hpp"
#include "parkit/random.hpp"
#include "parkit/serialization.hpp"
#include "parkit/team.hpp"
#include "parkit/version.hpp"

// ---- comm: one team of ranks on any transport, SPMD runs, the MPI job; Process, Pipe, Queue,
//      SharedArray (the tutorials' communicating processes)
#include "parkit/cart.hpp"
#include "parkit/comm.hpp"
#include "parkit/mpi.hpp"
#include "parkit/pipe.hpp"
#include "parkit/process.hpp"
#include "parkit/queue.hpp"
#include "parkit/run.hpp"
#include "parkit/shared_array.hpp"

// ---- patterns: map / map_reduce / imap_unordered over a team; pools; the file pipeline
#include "parkit/inline_pool.hpp"
#include "parkit/map.hpp"
#include "parkit/pipeline/builder.hpp"
#include "parkit/pipeline/runners.hpp"
#include "parkit/pool_api.hpp"
#include "parkit/pool_for_team.hpp"
#include "parkit/process_pool.hpp"
#include "parkit/team_pool.hpp"
#include "parkit/thread_pool.hpp"

// ---- report: tables, figures, scaling arithmetic
#include "parkit/report/bandwidth.hpp"
#include "parkit/report/plot.hpp"
#include "parkit/report/scale.hpp"
#include "parkit/report/table.hpp"

// ---- workloads: the tutorials' programs, written once
#include "parkit/workloads/acf.hpp"
#include "parkit/workloads/corpus_pipeline.hpp"
#include "parkit/workloads/heat.hpp"
#include "parkit/workloads/integrate.hpp"
#include "parkit/workloads/monte_carlo_pi.hpp"
#include "parkit/workloads/pipe_servers.hpp"
#include "parkit/workloads/wordcount.hpp"
