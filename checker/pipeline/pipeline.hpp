#pragma once
// The whole run: load -> normalize -> ground -> partition -> solve (across MPI ranks when built
// with them) -> explain -> review -> history. The CLI and the
// tests call this; stages never call each other.
#include <string>
#include <vector>

#include "model/diagnostics.hpp"
#include "model/limits.hpp"
#include "model/result.hpp"
#include "model/vocabulary.hpp"
#include "solve/solve.hpp"

namespace claimcheck {

struct CheckRequest {
  std::vector<std::string> inputs;  // claim-set files or directories
  std::string rules_dir;
  SolveOptions solve;
  Reliability weights;  // --weight NAME=W: names are entities or classes, resolved in normalize
  Rational widest_tolerance = 3;  // a conflict that widening up to this factor removes is a tension
  InputLimits limits;
  std::string suppressions_file;  // a reviewed suppression file; "" for none
  std::string baseline_file;      // a previous JSON report; "" for none
  std::string history_file;       // the run history to record this run in; "" for none
};

struct CheckRun {
  Diagnostics diagnostics;  // bad input: nothing was solved
  Vocabulary vocabulary;
  CheckResult result;
  // Stopped by request.solve.stop: `result` is incomplete and must not be reported.
  bool interrupted = false;
  std::size_t components_solved = 0;  // when interrupted: finished before the stop
  std::vector<std::string> warnings;  // the run went on, but something was not done (history)
  // Per stage, in pipeline order: wall seconds, and resident memory in bytes when it ended
  // (--timings and the benchmarks; never in reports).
  struct StageTime {
    std::string stage;
    double seconds = 0;
    std::size_t resident_bytes = 0;
  };
  std::vector<StageTime> stage_times;
  std::size_t settled_by_witness = 0;  // consistent components the exact check settled without Z3
  // Under MPI, a rank other than 0: it solved its share of the components and sent the outcomes
  // to rank 0; `result` is incomplete and nothing is to be reported or recorded.
  bool follower_rank = false;
  bool ok() const { return !diagnostics.has_errors(); }
};

CheckRun run_check(const CheckRequest& request);

}  // namespace claimcheck
