#pragma once
// Wall time and resident memory per stage, for --timings and the benchmarks.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>

#include "pipeline/pipeline.hpp"

namespace claimcheck {

// Linux's count of the process's resident pages; 0 where /proc is missing.
inline std::size_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t pages = 0, resident = 0;
  if (!(statm >> pages >> resident)) return 0;
  return resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

// Adds a stage's seconds to the run's time for it, with the most memory resident at any of its ends.
inline void add_stage_time(CheckRun& run, const CheckRun::StageTime& time) {
  for (auto& t : run.stage_times)
    if (t.stage == time.stage) {
      t.seconds += time.seconds;
      t.resident_bytes = std::max(t.resident_bytes, time.resident_bytes);
      return;
    }
  run.stage_times.push_back(time);
}

// Adds the seconds since the last lap to the run's time for `stage` (a streamed run passes
// through each stage once a batch), with the most memory resident at any of its ends.
class StageClock {
 public:
  explicit StageClock(CheckRun& run) : run_(run), last_(std::chrono::steady_clock::now()) {}
  void lap(const char* stage) {
    auto now = std::chrono::steady_clock::now();
    add_stage_time(run_, {stage, std::chrono::duration<double>(now - last_).count(), resident_bytes()});
    last_ = now;
  }

 private:
  CheckRun& run_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace claimcheck
