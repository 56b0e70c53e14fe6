// Corroboration: the same fact from several claims, grouped into source families.
#include <catch2/catch.hpp>

#include "ground/restatements.hpp"
#include "model/problem_builder.hpp"
#include "report/report.hpp"
#include "support.hpp"

using namespace claimcheck;
using namespace claimcheck::testing;

namespace {
const char* kPack = R"(pack: corroboration-tests
entities:
  GOM: {class: government}
  MOI: {class: ministry, part_of: GOM}
  Consulate: {class: diplomatic}
  Press: {class: press}
reliability:
  classes: {government: 4, ministry: 5, diplomatic: 6, press: 3}
metrics:
  rings:
    type: count
    args: [entity, period]
)";

}  // namespace

TEST_CASE("repetition within a source family is not corroboration, independent families are",
          "[explain][corroboration]") {
  CheckRun r = run_claims(claim_by("moi", "MOI", "rings(Morocco, 2006) > 350") + claim_by("gom", "GOM", "rings(Morocco, 2006) > 350") +
                              claim_by("consulate", "Consulate", "rings(Morocco, 2006) ~ 350") +
                              claim_by("moi-2007", "MOI", "rings(Morocco, 2007) = 80") +
                              claim_by("gom-2007", "GOM", "rings(Morocco, 2007) = 80"),
                          kPack);
  REQUIRE(r.ok());
  REQUIRE(r.result.corroborations.size() == 2);
  const Corroboration& y2006 = r.result.corroborations[0];
  CHECK(r.result.problem.variables[y2006.var].key.text() == "rings(Morocco, 2006)");
  CHECK(y2006.agree);
  REQUIRE(y2006.families.size() == 2);
  auto ids = [&](const std::vector<int>& claims) {
    std::vector<std::string> out;
    for (int c : claims) out.push_back(r.result.claims[c].raw.id);
    return out;
  };
  CHECK(ids(y2006.families[0]) == std::vector<std::string>{"consulate"});
  CHECK(ids(y2006.families[1]) == std::vector<std::string>{"gom", "moi"});
  CHECK(y2006.together == Interval{Bound{350, true}, Bound{385, false}});
  const Corroboration& y2007 = r.result.corroborations[1];
  CHECK(y2007.families.size() == 1);
}

TEST_CASE("statements that disagree are flagged, not counted as corroboration", "[explain][corroboration]") {
  CheckRun r = run_claims(claim_by("moi", "MOI", "rings(Morocco, 2006) > 350") + claim_by("consulate", "Consulate", "rings(Morocco, 2006) < 300"),
                          kPack);
  REQUIRE(r.ok());
  REQUIRE(r.result.corroborations.size() == 1);
  CHECK_FALSE(r.result.corroborations[0].agree);
  CHECK(r.result.findings.size() == 1);
}

namespace {
std::vector<std::string> qualified(const CheckRun& r, const std::vector<int>& claims) {
  std::vector<std::string> out;
  for (int c : claims) out.push_back(r.result.claims[c].qualified_id());
  return out;
}
}  // namespace

TEST_CASE("a fact stated several times is one element of a conflict, with every claim listed", "[solve][corroboration]") {
  CheckRun r = run_claims(claim_by("moi", "MOI", "rings(Morocco, 2006) > 350") + claim_by("gom", "GOM", "rings(Morocco, 2006) > 350") +
                              claim_by("consulate", "Consulate", "rings(Morocco, 2006) > 350") +
                              claim_by("press", "Press", "rings(Morocco, 2006) < 300"),
                          kPack);
  REQUIRE(r.ok());
  const GroundProblem& p = r.result.problem;
  // Claims sort by id: consulate, gom, moi, press. The first of the three stands for the others.
  CHECK(p.stands_for == std::vector<int>{0, 0, 0, 3});
  CHECK(p.restated_by[0] == std::vector<int>{1, 2});
  CHECK(p.claim_weights[0] == 6 + 5);  // Consulate, plus the heavier of MOI and GOM (one family)
  REQUIRE(r.result.components.size() == 1);
  CHECK(r.result.components[0].claims == std::vector<int>{0, 3});
  CHECK(r.result.components[0].restated == std::vector<int>{1, 2});
  REQUIRE(r.result.outcomes[0].conflicts.size() == 1);  // not one per repetition
  CHECK(finding_lines(r) == std::vector<std::string>{"contradiction DOC/consulate DOC/gom DOC/moi DOC/press | agreement"});
  CHECK(r.result.findings[0].numbers ==
        std::vector<std::string>{"rings(Morocco, 2006): DOC/consulate (restated by DOC/gom, DOC/moi) gives > 350 (\"> 350\"); "
                                 "DOC/press gives < 300 (\"< 300\"); no value lies in all of them"});
  REQUIRE(r.result.outcomes[0].repairs.size() == 1);
  CHECK(qualified(r, r.result.outcomes[0].repairs[0].claims) == std::vector<std::string>{"DOC/press"});
  CHECK(r.result.outcomes[0].repairs[0].weight == 3);
}

TEST_CASE("a source repeating a fact does not make it dearer to doubt", "[solve][corroboration]") {
  // MOI twice (weight 5 each) against the consulate (6): the fact costs 5, not 10, so it is doubted.
  CheckRun r = run_claims(claim_by("moi-a", "MOI", "rings(Morocco, 2006) > 350") + claim_by("moi-b", "MOI", "rings(Morocco, 2006) > 350") +
                              claim_by("consulate", "Consulate", "rings(Morocco, 2006) < 300"),
                          kPack);
  REQUIRE(r.ok());
  REQUIRE(r.result.outcomes.size() == 1);
  const Outcome& o = r.result.outcomes[0];
  REQUIRE(o.repairs.size() == 1);
  CHECK(qualified(r, o.repairs[0].claims) == std::vector<std::string>{"DOC/moi-a"});
  CHECK(o.repairs[0].weight == 5);
  std::string md = markdown_report(r.result, r.vocabulary);
  CHECK(md.find("- Doubt **DOC/moi-a** (MOI, weight 5) with its restatements DOC/moi-b (MOI, weight 5): weight 5 for "
                "the fact: total weight 5\n") != std::string::npos);
  CHECK(md.find("| moi-b (restates moi-a) |") != std::string::npos);
  CHECK(md.find("These 3 claims state 2 facts that cannot all be true; drop any one fact (every claim stating it) and "
                "the rest can:") != std::string::npos);
}

TEST_CASE("claims are one fact only when every atom and claim-bound rule matches", "[solve][corroboration]") {
  CheckRun r = run_claims(claim_by("a", "MOI", "rings(Morocco, 2006) > 350") + claim_by("b", "MOI", "rings(Morocco, 2006) >= 351") +
                              claim_by("c", "MOI", "rings(Morocco, 2006) > 350 and rings(Morocco, 2007) = 80"),
                          kPack);
  REQUIRE(r.ok());
  // b's bound is the same set of integers but written differently: a different statement.
  CHECK(r.result.problem.stands_for == std::vector<int>{0, 1, 2});
}

TEST_CASE("a fact is restated only when its claim-bound rule instances are the same too", "[solve][corroboration]") {
  // The same dated event, in the past tense: in one document the claims are one fact; across
  // documents published on different days, each is bound by its own publication date.
  std::string signed_2000 = "signed(Morocco, Palermo_Protocol) on December 13, 2000";
  std::string pack = test_vocabulary() + test_rules();
  CheckRun same = run({{"a.yaml", claim_set(claim("a", signed_2000) + claim("b", signed_2000), "A", "2017-11-14")}}, pack);
  INFO(same.diagnostics.render());
  REQUIRE(same.ok());
  CHECK(same.result.problem.stands_for == std::vector<int>{0, 0});
  CheckRun apart = run({{"a.yaml", claim_set(claim("a", signed_2000), "A", "2017-11-14")},
                        {"b.yaml", claim_set(claim("b", signed_2000), "B", "2018-01-02")}},
                       pack);
  REQUIRE(apart.ok());
  CHECK(apart.result.problem.stands_for == std::vector<int>{0, 1});
  CheckRun same_day = run({{"a.yaml", claim_set(claim("a", signed_2000), "A", "2017-11-14")},
                           {"b.yaml", claim_set(claim("b", signed_2000), "B", "2017-11-14")}},
                          pack);
  REQUIRE(same_day.ok());
  CHECK(same_day.result.problem.stands_for == std::vector<int>{0, 0});
}

TEST_CASE("claims whose fact hashes collide are told apart fact by fact", "[ground][corroboration]") {
  // Seven one-atom claims; the last states x = 1 like claims 0 and 2 but carries a rule instance
  // of its own, so it is another fact.
  auto problem = []() {
    GroundProblem p;
    int x = add_variable(p, "x", ValueType::count), y = add_variable(p, "y", ValueType::count);
    auto exactly = [](int n) { return Interval{Bound{n, false}, Bound{n, false}}; };
    for (auto [var, value] : std::vector<std::pair<int, int>>{{x, 1}, {y, 2}, {x, 1}, {y, 2}, {x, 3}, {x, 3}, {x, 1}})
      add_claim(p, var, exactly(value));
    add_rule(p, "past-event", Expr::binary(Expr::Op::le, Expr::variable(x), Expr::constant(5)));
    p.instances.back().claim = 6;
    return p;
  };
  std::vector<Claim> claims(7);
  for (std::size_t c = 0; c < claims.size(); ++c) claims[c].said_by = "S" + std::to_string(c);
  Vocabulary vocab;
  for (bool colliding : {false, true}) {
    INFO((colliding ? "every hash equal" : "fact_hash"));
    GroundProblem p = problem();
    if (colliding) merge_restatements(p, claims, vocab, 2, [](const GroundProblem&, int, const auto&) { return std::size_t{7}; });
    else merge_restatements(p, claims, vocab, 2);
    // Claim 3 is matched past the chain's head, claim 5 past two facts, claim 6 to none.
    CHECK(p.stands_for == std::vector<int>{0, 1, 0, 1, 4, 4, 6});
    CHECK(p.restated_by[0] == std::vector<int>{2});
    CHECK(p.restated_by[1] == std::vector<int>{3});
    CHECK(p.restated_by[4] == std::vector<int>{5});
    CHECK(p.restated_by[6].empty());
    CHECK(p.claim_weights == std::vector<int>{2, 2, 1, 1, 2, 1, 1});  // two independent sources each
    CHECK(p.instances.size() == 1);
  }
}
