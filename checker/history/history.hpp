#pragma once
// history/: every `check` run and its findings, by fingerprint, in an embedded SQLite file, so a
// report can say which findings are new, which persist and which were resolved since the previous
// run over the same claim-set files. Only this stage includes SQLite.
#include <optional>
#include <string>
#include <vector>

#include "model/result.hpp"

namespace claimcheck {

struct RecordedRun {
  long id = 0;
  std::string started;  // UTC, ISO 8601 (SOURCE_DATE_EPOCH when set, for reproducible tests)
  std::string scope;    // the claim-set files, sorted, one a line: runs are compared within a scope
  long claims = 0;
  std::vector<RecordedFinding> findings;  // by fingerprint
};

// What changed from one run's findings to another's (each list by fingerprint, as recorded).
struct RunComparison {
  std::vector<RecordedFinding> new_findings;  // in `after` only
  std::vector<RecordedFinding> persisting;    // in both (as in `after`)
  std::vector<RecordedFinding> resolved;      // in `before` only
};
RunComparison compare_runs(const std::vector<RecordedFinding>& before, const std::vector<RecordedFinding>& after);

// The history's path when none is given: claimcheck-history.sqlite in the first input directory,
// or beside the first input file.
std::string default_history_path(const std::vector<std::string>& inputs);

// Records this run in one transaction (WAL mode, so concurrent runs wait for each other instead of
// failing) and marks result.findings[].since and result.resolved against the latest earlier run of
// the same scope. nullopt on success, else why the history could not be written; then the result
// carries no history marks.
std::optional<std::string> record_run(const std::string& path, const std::string& scope, CheckResult& result);

// Every run, oldest first, with its findings; checks the file's integrity first. nullopt with
// `error` set when the file is missing, not a claimcheck history or damaged.
std::optional<std::vector<RecordedRun>> read_history(const std::string& path, std::string& error);

}  // namespace claimcheck
