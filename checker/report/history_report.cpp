// `claimcheck history`: the recorded runs as a table, and what changed between two of them.
#include <fmt/format.h>

#include <map>

#include "history/history.hpp"
#include "report/report.hpp"

namespace claimcheck {

namespace {

std::string finding_line(char sign, const RecordedFinding& r) {
  return fmt::format("  {} {} {} by {}: {}{}\n", sign, r.fingerprint, r.kind, r.rules, r.claims,
                     r.suppressed ? " (suppressed)" : "");
}

}  // namespace

std::string history_listing(const std::string& path, const std::vector<RecordedRun>& runs) {
  std::string out = fmt::format("history {}: {} run{}\n", path, runs.size(), runs.size() == 1 ? "" : "s");
  if (runs.empty()) return out;
  std::map<std::string, int> scope_number;  // in order of first appearance
  std::vector<const std::string*> scopes;
  std::map<std::string, const RecordedRun*> last_of_scope;
  out += fmt::format("{:>5}  {:<20}  {:>5}  {:>6}  {:>8}  {:>10}  {:>4}  {:>10}  {:>8}\n", "run", "started", "scope",
                     "claims", "findings", "suppressed", "new", "persisting", "resolved");
  for (const auto& run : runs) {
    auto [it, first] = scope_number.emplace(run.scope, static_cast<int>(scopes.size()) + 1);
    if (first) scopes.push_back(&it->first);
    const RecordedRun* previous = last_of_scope.count(run.scope) ? last_of_scope[run.scope] : nullptr;
    RunComparison change = compare_runs(previous ? previous->findings : std::vector<RecordedFinding>{}, run.findings);
    long suppressed = std::count_if(run.findings.begin(), run.findings.end(), [](const RecordedFinding& r) { return r.suppressed; });
    out += fmt::format("{:>5}  {:<20}  {:>5}  {:>6}  {:>8}  {:>10}  {:>4}  {:>10}  {:>8}\n", run.id, run.started, it->second,
                       run.claims, run.findings.size(), suppressed, change.new_findings.size(), change.persisting.size(),
                       change.resolved.size());
    last_of_scope[run.scope] = &run;
  }
  for (std::size_t k = 0; k < scopes.size(); ++k) {
    out += fmt::format("scope {}:\n", k + 1);
    std::size_t from = 0;
    const std::string& scope = *scopes[k];
    while (from < scope.size()) {
      std::size_t end = scope.find('\n', from);
      if (end == std::string::npos) end = scope.size();
      out += "  " + scope.substr(from, end - from) + "\n";
      from = end + 1;
    }
  }
  return out;
}

std::optional<std::string> history_diff(const std::vector<RecordedRun>& runs, long from, long to, std::string& error) {
  auto find = [&](long id) -> const RecordedRun* {
    for (const auto& run : runs)
      if (run.id == id) return &run;
    return nullptr;
  };
  const RecordedRun* a = find(from);
  const RecordedRun* b = find(to);
  if (!a || !b) {
    error = fmt::format("no run {} in this history (it has runs {}..{})", !a ? from : to,
                        runs.empty() ? 0 : runs.front().id, runs.empty() ? 0 : runs.back().id);
    return std::nullopt;
  }
  RunComparison change = compare_runs(a->findings, b->findings);
  std::string out = fmt::format("run {} -> run {}: {} new, {} persisting, {} resolved\n", from, to,
                                change.new_findings.size(), change.persisting.size(), change.resolved.size());
  if (a->scope != b->scope) out += "note: the two runs checked different claim-set files\n";
  if (!change.new_findings.empty()) {
    out += fmt::format("new in run {}:\n", to);
    for (const auto& r : change.new_findings) out += finding_line('+', r);
  }
  if (!change.resolved.empty()) {
    out += fmt::format("resolved since run {}:\n", from);
    for (const auto& r : change.resolved) out += finding_line('-', r);
  }
  return out;
}

}  // namespace claimcheck
