#pragma once
// The whole run: load -> normalize -> ground -> partition -> solve (across MPI ranks when built
// with them) -> explain -> review -> history. The CLI and the
// tests call this; stages never call each other.
#include <functional>
#include <optional>
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
  bool readings = false;          // say how each atom was read (Atom::reading): `explain` shows it
};

struct CheckRun {
  Diagnostics diagnostics;  // bad input: nothing was solved
  Vocabulary vocabulary;
  CheckResult result;
  // Stopped by request.solve.stop: `result` is incomplete and must not be reported.
  bool interrupted = false;
  bool interrupted_elsewhere = false;  // a stop reached another MPI rank, not this process
  std::size_t components_solved = 0;  // when interrupted: finished before the stop
  std::vector<std::string> warnings;  // the run went on, but something was not done (history)
  // Per stage, in pipeline order: wall seconds, the process's CPU seconds (user and system, all
  // threads) over the same span, and resident memory in bytes when it ended (--timings and the
  // benchmarks; never in reports). CPU over wall shows how many cores a stage kept busy.
  struct StageTime {
    std::string stage;
    double seconds = 0;
    double cpu_seconds = 0;
    std::size_t resident_bytes = 0;
  };
  std::vector<StageTime> stage_times;
  std::size_t settled_by_witness = 0;  // consistent components the exact check settled without Z3
  // Under MPI, a rank other than 0: it solved its share of the components and sent the outcomes
  // to rank 0; `result` is incomplete and nothing is to be reported or recorded.
  bool follower_rank = false;
  // A streamed run (run_check_streaming): `result` stays empty; the batches went to the sink.
  struct StreamTotals {
    std::size_t claims = 0, components = 0, findings = 0, open_findings = 0, batches = 0;
  } streamed;
  bool ok() const { return !diagnostics.has_errors(); }
  // The run's components: those of `result`, or of a streamed run.
  std::size_t components() const { return result.components.empty() ? streamed.components : result.components.size(); }
};

CheckRun run_check(const CheckRequest& request);

// A run over JSON Lines corpora that never holds the corpus (check --stream). A first pass reads
// every line once, normalizes each claim and writes it to an unlinked temporary file in
// `spool_dir`, keeping in memory only where it is and the keys it states, and finds the
// components from the keys and the rules over them. A second pass takes whole components in
// batches of at least `batch_claims` claims, in component order: it reads their claims back,
// and grounds, partitions, solves and explains them as a run of their own. Each
// batch's components are the run's components `first_component`.. in order, and its claim c
// is the run's claim global_claim[c]; explained batches go to the sink in order, so a report
// written from them is the whole run's. Suppressions, baselines and histories need every
// finding at once and are not available.
struct BatchSink {
  // Before the first batch: the vocabulary and every document, sorted by id.
  std::function<void(const Vocabulary& vocabulary, const std::vector<Document>& documents)> begin;
  // Returns why the batch could not be taken (e.g. a full disk); the run then stops.
  std::function<std::optional<std::string>(const CheckResult& batch, int first_component,
                                           const std::vector<std::size_t>& global_claim)>
      batch;
};
// A spool that cannot be made, written or read ends the run with a warning saying why.
CheckRun run_check_streaming(const CheckRequest& request, std::size_t batch_claims, const BatchSink& sink,
                             const std::string& spool_dir);

}  // namespace claimcheck
