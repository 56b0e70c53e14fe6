#pragma once
// Everything a report shows about one run.
#include <string>
#include <vector>

#include "model/claim.hpp"
#include "model/problem.hpp"
#include "model/review.hpp"
#include "model/vocabulary.hpp"

namespace claimcheck {

// The JSON report's schema name; a --baseline must carry it.
inline constexpr const char* kReportSchema = "claimcheck-report/1";

// One finding as a run history keeps it.
struct RecordedFinding {
  std::string fingerprint;
  std::string kind;
  std::string rules;   // ", "-joined rule ids
  std::string claims;  // ", "-joined qualified claim ids, sorted
  bool suppressed = false;
};

// Where this run stands in its history (history/): empty `file` when no history was kept.
struct RunHistory {
  std::string file;
  long run = 0;
  long previous_run = 0;                  // 0: the first run of this scope
  std::vector<RecordedFinding> resolved;  // in the previous run, not in this one
};

// One fact stated by several claims: who says it, and whether the sayers are independent.
struct Corroboration {
  int var = 0;
  std::vector<int> claims;                      // in claim order
  std::vector<std::vector<int>> families;       // claims grouped by source family (shared part_of roots)
  bool agree = true;                            // some value satisfies every one of them
  Interval together;                            // what they allow together (quantities)
};

struct CheckResult {
  Rational widest_tolerance = 3;       // widening factor up to which a conflict is a tension
  std::vector<Document> documents;
  std::vector<Claim> claims;
  GroundProblem problem;
  std::vector<Component> components;
  std::vector<Outcome> outcomes;       // per component
  std::vector<Finding> findings;
  std::vector<Comparison> comparisons;
  std::vector<int> untouched_claims;   // no rule instance and no other claim shares their keys
  std::vector<Corroboration> corroborations;
  // Review (review/): what curators said, applied to the findings above.
  std::vector<ExpectedFinding> expected;         // from the claim sets, for `claimcheck regress`
  std::vector<Suppression> stale_suppressions;   // suppressions that named no finding of this run
  std::string baseline_file;                     // --baseline: findings also in it are left out
  std::size_t baseline_omitted = 0;
  RunHistory history;
};

// How many of an outcome's minimal conflicts hold this claim.
long conflicts_containing(const Outcome& outcome, int claim);

// The qualified ids of a finding's claims, sorted: what expected findings are matched on and
// what a run history records.
std::vector<std::string> claim_ids(const CheckResult& result, const Finding& finding);

// How many findings are suppressed (accepted as known); the rest are open.
long suppressed_findings(const CheckResult& result);

// "> 350", "[22.5, 23.5) USD", "2007-07-01..2007-07-31", "true".
std::string interval_text(const Interval& interval, const Variable& var);

}  // namespace claimcheck
