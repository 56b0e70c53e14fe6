// `claimcheck regress`: the difference between the findings and the claim sets' expected
// findings, as a diff a curator reads top to bottom.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "report/report.hpp"

namespace claimcheck {

namespace {

std::string described(FindingKind kind, const std::vector<std::string>& rules) {
  return fmt::format("{} by {}", to_string(kind), fmt::join(rules, ", "));
}

// A YAML flow string: double-quoted, with backslashes and quotes escaped.
std::string yaml_string(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') out += "\\n";
    else out += c;
  }
  return out + "\"";
}

}  // namespace

std::string regression_report(const CheckResult& r, const RegressionDiff& diff) {
  std::string out;
  long suppressed = suppressed_findings(r);
  out += fmt::format("claimcheck regress: {} expected finding{}: {} as expected, {} changed, {} missing; {} unexpected, {} "
                     "suppressed\n",
                     r.expected.size(), r.expected.size() == 1 ? "" : "s", diff.matched.size(), diff.changed.size(),
                     diff.missing.size(), diff.unexpected.size(), suppressed);
  if (!diff.changed.empty()) {
    out += "\nchanged: these claims still conflict, but not as expected\n";
    for (const auto& [e_index, f_index] : diff.changed) {
      const ExpectedFinding& e = r.expected[static_cast<std::size_t>(e_index)];
      const Finding& f = r.findings[static_cast<std::size_t>(f_index)];
      out += fmt::format("  ~ {} (expected at {})\n", fmt::join(e.claims, ", "), to_string(e.loc));
      out += fmt::format("    expected: {}\n", described(e.kind, e.rules));
      out += fmt::format("    found:    {} ({})\n", described(f.kind, f.rule_ids), f.fingerprint);
      out += fmt::format("    reason:   {}\n", e.reason);
    }
  }
  if (!diff.missing.empty()) {
    out += "\nmissing: expected, but no finding joins these claims\n";
    for (int index : diff.missing) {
      const ExpectedFinding& e = r.expected[static_cast<std::size_t>(index)];
      out += fmt::format("  - {}: {} (expected at {})\n", described(e.kind, e.rules), fmt::join(e.claims, ", "),
                         to_string(e.loc));
      out += fmt::format("    reason: {}\n", e.reason);
    }
  }
  if (!diff.unexpected.empty()) {
    out += "\nunexpected: found, but neither expected nor suppressed\n";
    for (int index : diff.unexpected) {
      const Finding& f = r.findings[static_cast<std::size_t>(index)];
      std::vector<std::string> ids = claim_ids(r, f);
      out += fmt::format("  + {}: {} ({})\n", described(f.kind, f.rule_ids), fmt::join(ids, ", "), f.fingerprint);
      for (int c : f.claims) {
        const Claim& claim = r.claims[static_cast<std::size_t>(c)];
        out += fmt::format("    {} at {}: {}\n", claim.qualified_id(), to_string(claim.raw.loc), yaml_string(claim.raw.quote));
      }
      out += fmt::format("    to expect it: - {{kind: {}, rules: [{}], claims: [{}], reason: ...}}\n", to_string(f.kind),
                         fmt::join(f.rule_ids, ", "), fmt::join(ids, ", "));
    }
  }
  for (const auto& s : r.stale_suppressions)
    out += fmt::format("\nnote: the suppression of {} at {} names no finding of this run; remove it once reviewed\n",
                       s.fingerprint, to_string(s.loc));
  std::size_t differences = diff.changed.size() + diff.missing.size() + diff.unexpected.size();
  out += differences == 0 ? "\nregress: no differences\n"
                          : fmt::format("\nregress: {} difference{}\n", differences, differences == 1 ? "" : "s");
  return out;
}

}  // namespace claimcheck
