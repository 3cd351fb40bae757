// The real runners: jobs run in this process (serial), on a ThreadPool or on a ProcessPool.
#pragma once

#include <memory>

#include "parkit/pipeline/builder.hpp"
#include "parkit/team.hpp"

namespace parkit::pipeline {

// At most `jobs` jobs at once (serial: one).
std::unique_ptr<Runner> make_runner(Backend backend, int jobs);

}  // namespace parkit::pipeline
