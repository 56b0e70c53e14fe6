#include <catch2/catch.hpp>

#include "report/report.hpp"
#include "support.hpp"

using namespace claimcheck;
using namespace claimcheck::testing;

namespace {
const char* kEvents = R"(pack: reference-tests
events:
  hosted:
    args: [entity, entity]
entities:
  Conference: {class: event}
)";

std::string conference_claims() {
  return "  - id: conference\n    said_by: Morocco\n    at: para 8.G\n    quote: q\n"
         "    fact: hosted(Morocco, Conference) on July 2007\n"
         "  - id: conference-again\n    said_by: Morocco\n    at: para 8.G\n    quote: q\n"
         "    fact: hosted(Morocco, Conference) on 2007\n    related: [conference]\n";
}
}  // namespace

TEST_CASE("a pack can disable a rule another pack defines", "[load][rules]") {
  CheckRun with_rule = run_claims(conference_claims(), kEvents);
  REQUIRE(with_rule.ok());
  // July 2007 is after publication; "2007" alone can still be before it.
  REQUIRE(with_rule.result.findings.size() == 1);
  CHECK(with_rule.result.findings[0].claims == std::vector<int>{0});
  CHECK(with_rule.result.findings[0].rule_ids == std::vector<std::string>{"past-event-before-publication"});

  CheckRun without = run_claims(conference_claims(), std::string(kEvents) + "disable: [past-event-before-publication]\n");
  REQUIRE(without.ok());
  CHECK(without.result.findings.empty());
  CHECK(std::none_of(without.vocabulary.rules.begin(), without.vocabulary.rules.end(),
                     [](const RuleSpec& r) { return r.id == "past-event-before-publication"; }));
}

TEST_CASE("related claims are resolved to qualified ids and shown in reports", "[load][report]") {
  std::string claims = conference_claims();
  claims.replace(claims.find("on 2007\n"), 8, "on 2007-07\n");
  CheckRun r = run_claims(claims, kEvents);
  REQUIRE(r.ok());
  REQUIRE(r.result.claims.size() == 2);
  CHECK(r.result.claims[0].related.get().empty());
  CHECK(r.result.claims[1].related.get() == std::vector<std::string>{"DOC/conference"});
  std::string md = markdown_report(r.result, r.vocabulary);
  CHECK(md.find("\nRelated to conference-again: DOC/conference\n") != std::string::npos);
  std::string json = json_report(r.result, r.vocabulary);
  CHECK(json.find("\"related\": [\n") != std::string::npos);
}

TEST_CASE("a soft rule can be named by a minimal conflict and doubted like a claim", "[solve][soft]") {
  const std::string pack = R"(pack: soft-tests
entities:
  Consulate: {class: diplomatic}
metrics:
  cases:
    type: count
    args: [entity, period]
  persons:
    type: count
    args: [entity, period]
rules:
  - id: one-person-per-case
    kind: constraint
    description: Each case involves at least two persons (a soft rule of thumb).
    require: persons(?x, ?t) >= 2 * cases(?x, ?t)
    soft: true
    weight: 2
)";
  std::string claims = "  - id: cases\n    said_by: Consulate\n    at: here\n    quote: q\n    fact: cases(Morocco, 2006) = 51\n"
                       "  - id: persons\n    said_by: Consulate\n    at: here\n    quote: q\n    fact: persons(Morocco, 2006) = 60\n";
  CheckRun r = run_claims(claims, pack);
  REQUIRE(r.ok());
  REQUIRE(r.result.findings.size() == 1);
  const Finding& f = r.result.findings[0];
  CHECK(f.claims == std::vector<int>{0, 1});
  CHECK(f.rule_ids == std::vector<std::string>{"one-person-per-case"});
  const Outcome& o = r.result.outcomes[0];
  REQUIRE(o.conflicts.size() == 1);
  REQUIRE(o.conflicts[0].instances.size() == 1);
  CHECK(r.result.problem.instances[o.conflicts[0].instances[0]].soft);
  // Doubting the rule (weight 2) is cheaper than doubting either claim (the consulate: 6).
  REQUIRE(o.repairs.size() == 1);
  CHECK(o.repairs[0].claims.empty());
  CHECK(o.repairs[0].instances == o.conflicts[0].instances);
  CHECK(o.repairs[0].weight == 2);
}
