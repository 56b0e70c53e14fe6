#include <algorithm>
#include <map>

#include "review/review.hpp"

namespace claimcheck {

void apply_suppressions(CheckResult& result, const std::vector<Suppression>& suppressions) {
  for (const auto& s : suppressions) {
    auto finding = std::find_if(result.findings.begin(), result.findings.end(),
                                [&](const Finding& f) { return f.fingerprint == s.fingerprint; });
    if (finding == result.findings.end()) result.stale_suppressions.push_back(s);
    else finding->suppressed = s;
  }
}

void apply_baseline(CheckResult& result, const std::string& baseline_file, const std::set<std::string>& baseline) {
  result.baseline_file = baseline_file;
  auto known = [&](const Finding& f) { return baseline.count(f.fingerprint) > 0; };
  result.baseline_omitted = static_cast<std::size_t>(std::count_if(result.findings.begin(), result.findings.end(), known));
  result.findings.erase(std::remove_if(result.findings.begin(), result.findings.end(), known), result.findings.end());
}

RegressionDiff regress(const CheckResult& result) {
  RegressionDiff diff;
  std::map<std::vector<std::string>, int> expected_by_claims;
  for (std::size_t i = 0; i < result.expected.size(); ++i)
    expected_by_claims.emplace(result.expected[i].claims, static_cast<int>(i));
  std::vector<bool> met(result.expected.size(), false);
  for (std::size_t i = 0; i < result.findings.size(); ++i) {
    const Finding& f = result.findings[i];
    auto it = expected_by_claims.find(claim_ids(result, f));
    if (it == expected_by_claims.end()) {
      if (!f.suppressed) diff.unexpected.push_back(static_cast<int>(i));
      continue;
    }
    const ExpectedFinding& e = result.expected[static_cast<std::size_t>(it->second)];
    met[static_cast<std::size_t>(it->second)] = true;
    RegressionDiff::Pair pair{it->second, static_cast<int>(i)};
    if (e.kind == f.kind && e.rules == f.rule_ids) diff.matched.push_back(pair);
    else diff.changed.push_back(pair);
  }
  for (std::size_t i = 0; i < met.size(); ++i)
    if (!met[i]) diff.missing.push_back(static_cast<int>(i));
  return diff;
}

}  // namespace claimcheck
