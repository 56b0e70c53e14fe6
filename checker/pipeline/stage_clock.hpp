#pragma once
// Wall time and resident memory per stage, for --timings and the benchmarks.
#include <unistd.h>

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

// Adds the seconds since the last lap to the run's time for `stage` (a streamed run passes
// through each stage once a batch), with the most memory resident at any of its ends.
class StageClock {
 public:
  explicit StageClock(CheckRun& run) : run_(run), last_(std::chrono::steady_clock::now()) {}
  void lap(const char* stage) {
    auto now = std::chrono::steady_clock::now();
    double seconds = std::chrono::duration<double>(now - last_).count();
    last_ = now;
    std::size_t resident = resident_bytes();
    for (auto& t : run_.stage_times)
      if (t.stage == stage) {
        t.seconds += seconds;
        t.resident_bytes = std::max(t.resident_bytes, resident);
        return;
      }
    run_.stage_times.push_back({stage, seconds, resident});
  }

 private:
  CheckRun& run_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace claimcheck
