// Regression against expected findings, suppressions and baselines: each kind of difference,
// and exact errors for malformed review files.
#include <catch2/catch.hpp>

#include "load/loaders.hpp"
#include "report/report.hpp"
#include "review/review.hpp"
#include "support.hpp"

using namespace claimcheck;
using namespace claimcheck::testing;

namespace {

// Two independent contradictions: a against b (2006), c against d (2007).
std::string two_conflicts(const std::string& expected_yaml) {
  std::string claims = claim_by("a", "Morocco", "rings(Morocco, 2006) > 350") +
                       claim_by("b", "Morocco", "rings(Morocco, 2006) < 300") +
                       claim_by("c", "Morocco", "rings(Morocco, 2007) > 50") +
                       claim_by("d", "Morocco", "rings(Morocco, 2007) < 40");
  return claim_set(claims) + expected_yaml;
}

CheckRun run_set(const std::string& text) { return run({{"set.yaml", text}}, test_vocabulary()); }

std::string regress_text(const CheckRun& r) { return regression_report(r.result, regress(r.result)); }

}  // namespace

TEST_CASE("regress: every expected finding met gives no differences", "[review][regress]") {
  CheckRun r = run_set(two_conflicts("expected_findings:\n"
                                     "  - {kind: contradiction, rule: agreement, claims: [a, b], reason: two counts}\n"
                                     "  - {kind: contradiction, rule: agreement, claims: [DOC/d, c], reason: two more}\n"));
  REQUIRE(r.ok());
  RegressionDiff diff = regress(r.result);
  CHECK(diff.clean());
  CHECK(diff.matched.size() == 2);
  CHECK(regress_text(r) ==
        "claimcheck regress: 2 expected findings: 2 as expected, 0 changed, 0 missing; 0 unexpected, 0 suppressed\n"
        "\nregress: no differences\n");
}

TEST_CASE("regress: missing, unexpected and changed findings, each named", "[review][regress]") {
  // a/b is expected as a tension (it is a contradiction), c/d is not expected, and a/c is
  // expected but does not conflict.
  CheckRun r = run_set(two_conflicts("expected_findings:\n"
                                     "  - {kind: tension, rule: agreement, claims: [a, b], reason: two counts}\n"
                                     "  - kind: contradiction\n"
                                     "    rule: past-event-before-publication\n"
                                     "    claims: [a, c]\n"
                                     "    reason: years apart\n"));
  INFO(r.diagnostics.render());
  REQUIRE(r.ok());
  RegressionDiff diff = regress(r.result);
  CHECK(diff.matched.empty());
  CHECK(diff.changed.size() == 1);
  CHECK(diff.missing.size() == 1);
  CHECK(diff.unexpected.size() == 1);
  std::string text = without_temp_dirs(regress_text(r));
  CHECK(text ==
        "claimcheck regress: 2 expected findings: 0 as expected, 1 changed, 1 missing; 1 unexpected, 0 suppressed\n"
        "\n"
        "changed: these claims still conflict, but not as expected\n"
        "  ~ DOC/a, DOC/b (expected at claims/set.yaml:28:5)\n"
        "    expected: tension by agreement\n"
        "    found:    contradiction by agreement (" + r.result.findings[0].fingerprint + ")\n"
        "    reason:   two counts\n"
        "\n"
        "missing: expected, but no finding joins these claims\n"
        "  - contradiction by past-event-before-publication: DOC/a, DOC/c (expected at claims/set.yaml:29:5)\n"
        "    reason: years apart\n"
        "\n"
        "unexpected: found, but neither expected nor suppressed\n"
        "  + contradiction by agreement: DOC/c, DOC/d (" + r.result.findings[1].fingerprint + ")\n"
        "    DOC/c at claims/set.yaml:17:5: \"q\"\n"
        "    DOC/d at claims/set.yaml:22:5: \"q\"\n"
        "    to expect it: - {kind: contradiction, rules: [agreement], claims: [DOC/c, DOC/d], reason: ...}\n"
        "\n"
        "regress: 3 differences\n");
}

TEST_CASE("regress: a suppressed finding is not unexpected, and a suppression naming nothing is stale", "[review][regress]") {
  TempDir dir;
  CheckRun first = run_set(two_conflicts(""));
  REQUIRE(first.ok());
  REQUIRE(first.result.findings.size() == 2);
  std::string suppressions = "suppressions:\n"
                             "  - fingerprint: " + first.result.findings[1].fingerprint + "\n"
                             "    by: an editor\n    why: known\n    date: 2026-12-01\n"
                             "  - fingerprint: cc-0123456789abcdef\n"
                             "    by: an editor\n    why: gone\n    date: 2026-11-30\n";
  Diagnostics diags;
  auto list = parse_suppressions("s.yaml", suppressions, diags);
  REQUIRE_FALSE(diags.has_errors());
  CheckResult result = first.result;
  apply_suppressions(result, list);
  REQUIRE(result.findings[1].suppressed);
  CHECK(result.findings[1].suppressed->by == "an editor");
  CHECK_FALSE(result.findings[0].suppressed);
  REQUIRE(result.stale_suppressions.size() == 1);
  CHECK(result.stale_suppressions[0].fingerprint == "cc-0123456789abcdef");
  RegressionDiff diff = regress(result);
  REQUIRE(diff.unexpected.size() == 1);
  CHECK(diff.unexpected[0] == 0);
  CHECK(regression_report(result, diff).find("note: the suppression of cc-0123456789abcdef at s.yaml:6:5 names no "
                                             "finding of this run; remove it once reviewed\n") != std::string::npos);
}

TEST_CASE("expected findings: malformed entries are errors at their place", "[review][errors]") {
  CheckRun r = run_set(two_conflicts("expected_findings:\n"
                                     "  - {kind: contradicton, rules: [], claims: [a, b], reason: r}\n"
                                     "  - {kind: tension, rule: x, rules: [y], claims: [a], reason: r}\n"
                                     "  - {kind: tension, claims: [a], reason: r}\n"
                                     "  - {kind: tension, rules: [], claims: [], reason: ' '}\n"));
  CHECK(without_temp_dirs(r.diagnostics.render()) ==
        "claims/set.yaml:28:12: error: unknown finding kind 'contradicton' (did you mean 'contradiction'?); expected "
        "contradiction, tension, caveat or unknown\n"
        "      - {kind: contradicton, rules: [], claims: [a, b], reason: r}\n"
        "               ^\n"
        "claims/set.yaml:29:37: error: give either 'rule' (one rule id) or 'rules' (a list), not both\n"
        "      - {kind: tension, rule: x, rules: [y], claims: [a], reason: r}\n"
        "                                        ^\n"
        "claims/set.yaml:30:5: error: an expected finding needs 'rule' (one rule id) or 'rules' (a list)\n"
        "      - {kind: tension, claims: [a], reason: r}\n"
        "        ^\n"
        "claims/set.yaml:31:40: error: an expected finding names at least one claim\n"
        "      - {kind: tension, rules: [], claims: [], reason: ' '}\n"
        "                                           ^\n"
        "claims/set.yaml:31:52: error: the reason is empty; say why this finding is expected\n"
        "      - {kind: tension, rules: [], claims: [], reason: ' '}\n"
        "                                                       ^\n"
        "5 errors; nothing was checked\n");
}

TEST_CASE("expected findings: unknown claims, documents and rules, and a second entry for the same claims",
          "[review][errors]") {
  CheckRun r = run_set(two_conflicts("expected_findings:\n"
                                     "  - {kind: tension, rule: agreemnt, claims: [a, x], reason: r}\n"
                                     "  - {kind: tension, rules: [], claims: [OTHER/a], reason: r}\n"
                                     "  - {kind: tension, rules: [], claims: [c, d], reason: r}\n"
                                     "  - {kind: contradiction, rules: [], claims: [d, DOC/c], reason: r}\n"));
  CHECK(without_temp_dirs(r.diagnostics.render()) ==
        "claims/set.yaml:28:27: error: unknown rule 'agreemnt' in an expected finding (did you mean 'agreement'?)\n"
        "      - {kind: tension, rule: agreemnt, claims: [a, x], reason: r}\n"
        "                              ^\n"
        "claims/set.yaml:28:49: error: unknown claim id 'x' in an expected finding\n"
        "      - {kind: tension, rule: agreemnt, claims: [a, x], reason: r}\n"
        "                                                    ^\n"
        "claims/set.yaml:29:41: error: unknown document 'OTHER' in an expected finding 'OTHER/a'; the documents loaded "
        "are: DOC\n"
        "      - {kind: tension, rules: [], claims: [OTHER/a], reason: r}\n"
        "                                            ^\n"
        "claims/set.yaml:31:5: error: a second expected finding for the claims DOC/c, DOC/d (the first is at "
        "claims/set.yaml:30:5)\n"
        "      - {kind: contradiction, rules: [], claims: [d, DOC/c], reason: r}\n"
        "        ^\n"
        "4 errors; nothing was checked\n");
}

TEST_CASE("suppression file: malformed fingerprints, empty reasons, bad dates and repeats are errors", "[review][errors]") {
  // The last entry, without 'why', threw yaml-cpp's InvalidNode before it was guarded.
  Diagnostics diags;
  auto list = parse_suppressions("s.yaml",
                                 "suppressions:\n"
                                 "  - {fingerprint: cc-92236a1b, by: me, why: short, date: 2026-12-01}\n"
                                 "  - {fingerprint: cc-0123456789abcdef, by: ' ', why: known, date: 2026-12-01}\n"
                                 "  - {fingerprint: cc-0123456789abcdef, by: me, why: known, date: 2026-02-30}\n"
                                 "  - {fingerprint: cc-0123456789abcdef, by: me, why: known, date: 2026-12-01}\n"
                                 "  - {fingerprint: cc-0123456789abcdef, by: me, why: again, date: 2026-12-02}\n"
                                 "  - {fingerprint: cc-1123456789abcdef, by: me, date: 2026-12-02}\n",
                                 diags);
  CHECK(list.size() == 1);
  CHECK(diags.render() ==
        "s.yaml:2:19: error: expected a whole fingerprint as a report prints it (cc- and 16 hex digits), got "
        "'cc-92236a1b'\n"
        "      - {fingerprint: cc-92236a1b, by: me, why: short, date: 2026-12-01}\n"
        "                      ^\n"
        "s.yaml:3:44: error: 'by' is empty; a suppression says who accepted the finding and why\n"
        "      - {fingerprint: cc-0123456789abcdef, by: ' ', why: known, date: 2026-12-01}\n"
        "                                               ^\n"
        "s.yaml:4:66: error: impossible date 2026-02-30: February 2026 has 28 days\n"
        "      - {fingerprint: cc-0123456789abcdef, by: me, why: known, date: 2026-02-30}\n"
        "                                                                     ^\n"
        "s.yaml:6:19: error: cc-0123456789abcdef is suppressed twice (first at line 5)\n"
        "      - {fingerprint: cc-0123456789abcdef, by: me, why: again, date: 2026-12-02}\n"
        "                      ^\n"
        "s.yaml:7:5: error: a suppression is missing 'why'\n"
        "      - {fingerprint: cc-1123456789abcdef, by: me, date: 2026-12-02}\n"
        "        ^\n"
        "5 errors; nothing was checked\n");
}

TEST_CASE("baseline: findings already in a previous report are left out and counted", "[review][baseline]") {
  TempDir dir;
  CheckRun first = run_set(two_conflicts(""));
  REQUIRE(first.result.findings.size() == 2);
  // The previous report knew only the 2007 conflict.
  std::string previous = json_report(first.result, first.vocabulary);
  std::string kept = first.result.findings[0].fingerprint, known = first.result.findings[1].fingerprint;
  previous.replace(previous.find(kept), kept.size(), "cc-0000000000000000");
  Diagnostics diags;
  auto baseline = load_baseline(dir.write("old.json", previous), diags);
  REQUIRE_FALSE(diags.has_errors());
  CHECK(baseline == std::set<std::string>{"cc-0000000000000000", known});
  CheckResult result = first.result;
  apply_baseline(result, "old.json", baseline);
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].fingerprint == kept);
  CHECK(result.baseline_omitted == 1);
  CHECK(markdown_report(result, first.vocabulary)
            .find("Only findings new since the baseline `old.json` are listed: 1 finding also in it is left out.\n") !=
        std::string::npos);
  CHECK(json_report(result, first.vocabulary).find("\"baseline\": {\n    \"file\": \"old.json\",\n    \"omitted\": 1\n  }") !=
        std::string::npos);
}

TEST_CASE("baseline: not JSON, not a claimcheck report, or a finding without a fingerprint", "[review][baseline]") {
  TempDir dir;
  auto errors = [&](const std::string& text) {
    Diagnostics diags;
    load_baseline(dir.write("old.json", text), diags);
    return without_temp_dirs(diags.render());
  };
  CHECK(errors("{\n  \"schema\": \"claimcheck-report/1\",\n  \"findings\": [,]\n}\n") ==
        "old.json:3:16: error: expected a JSON report from 'claimcheck check --format json' as the baseline; this is "
        "not JSON\n"
        "      \"findings\": [,]\n"
        "                   ^\n"
        "1 error; nothing was checked\n");
  CHECK(first_line(errors("{\"version\": \"2.1.0\", \"runs\": []}")) ==
        "old.json:1:1: error: expected a JSON report from 'claimcheck check --format json' (schema claimcheck-report/1) "
        "as the baseline");
  CHECK(first_line(errors("{\"schema\": \"claimcheck-report/1\", \"findings\": [{\"kind\": \"tension\"}]}")) ==
        "old.json:1:1: error: finding 1 of the baseline report has no well-formed fingerprint");
  CHECK(first_line(errors("")) == "old.json:1:1: error: expected a JSON report from 'claimcheck check --format json' as "
                                  "the baseline; this is not JSON");
}
