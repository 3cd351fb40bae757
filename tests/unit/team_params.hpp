// The teams concurrency tests sweep: threads and processes at 1, 2, 3 and the hardware count.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "parkit/team.hpp"

inline std::vector<parkit::Team> sweep_teams() {
  std::vector<parkit::Team> out;
  for (auto b : {parkit::Backend::threads, parkit::Backend::processes}) {
    std::vector<int> counts{1, 2, 3};
    int hw = parkit::hardware_workers();
    if (hw > 3) counts.push_back(hw);
    for (int w : counts) out.push_back(parkit::make_team(b, w));
  }
  return out;
}

inline std::string team_name(const testing::TestParamInfo<parkit::Team>& info) {
  return std::string(parkit::to_string(info.param.backend)) + "_" +
         std::to_string(info.param.workers);
}
