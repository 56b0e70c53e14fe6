#pragma once
// review/: what curators said about findings, applied to a run's result. Suppressions mark
// findings accepted as known; a baseline leaves out findings an earlier report already had;
// regress compares the findings with the claim sets' expected findings.
#include <set>
#include <string>
#include <vector>

#include "model/result.hpp"

namespace claimcheck {

// Marks each finding a suppression names (by fingerprint); suppressions that name no finding go
// to result.stale_suppressions.
void apply_suppressions(CheckResult& result, const std::vector<Suppression>& suppressions);

// Leaves out the findings whose fingerprints are in `baseline` (a previous report's), counting
// them in result.baseline_omitted.
void apply_baseline(CheckResult& result, const std::string& baseline_file, const std::set<std::string>& baseline);

// A finding meets an expected finding when it joins exactly the same claims, and matches it when
// its kind and rule ids are the expected ones too; a suppressed finding is never unexpected.
struct RegressionDiff {
  struct Pair {
    int expected = 0;  // into CheckResult::expected
    int finding = 0;   // into CheckResult::findings
  };
  std::vector<Pair> matched;
  std::vector<Pair> changed;     // same claims, another kind or other rules
  std::vector<int> missing;      // expected, no finding joins those claims
  std::vector<int> unexpected;   // findings no expectation or suppression covers
  bool clean() const { return changed.empty() && missing.empty() && unexpected.empty(); }
};

RegressionDiff regress(const CheckResult& result);

}  // namespace claimcheck
