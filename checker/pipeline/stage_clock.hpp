#pragma once
// Wall time and resident memory per stage, for --timings and the benchmarks.
#include <sys/resource.h>
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

// The CPU time of every thread of the process so far, user and system.
inline double process_cpu_seconds() {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Adds a stage's seconds to the run's time for it, with the most memory resident at any of its ends.
inline void add_stage_time(CheckRun& run, const CheckRun::StageTime& time) {
  for (auto& t : run.stage_times)
    if (t.stage == time.stage) {
      t.seconds += time.seconds;
      t.cpu_seconds += time.cpu_seconds;
      t.resident_bytes = std::max(t.resident_bytes, time.resident_bytes);
      return;
    }
  run.stage_times.push_back(time);
}

// Adds the seconds since the last lap to the run's time for `stage` (a streamed run passes
// through each stage once a batch), with the most memory resident at any of its ends.
class StageClock {
 public:
  explicit StageClock(CheckRun& run) : run_(run), last_(std::chrono::steady_clock::now()), last_cpu_(process_cpu_seconds()) {}
  void lap(const char* stage, bool with_resident = true) {
    auto now = std::chrono::steady_clock::now();
    double cpu = process_cpu_seconds();
    add_stage_time(run_, {stage, std::chrono::duration<double>(now - last_).count(), cpu - last_cpu_,
                          with_resident ? resident_bytes() : 0});
    last_ = now;
    last_cpu_ = cpu;
  }

 private:
  CheckRun& run_;
  std::chrono::steady_clock::time_point last_;
  double last_cpu_;
};

}  // namespace claimcheck
