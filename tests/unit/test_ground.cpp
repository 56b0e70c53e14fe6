// ground/: rule expressions parsed with exact errors, and every rule kind grounded and solved
// through the whole pipeline, once satisfiable and once not.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <set>

#include "ground/ground.hpp"
#include "ground/key_table.hpp"
#include "model/problem_builder.hpp"
#include "support.hpp"

using namespace claimcheck;
using namespace claimcheck::testing;

namespace {

// Vocabulary and rules the rule kinds need beyond the shipped generic packs.
const std::string kVocabulary = test_vocabulary();
const std::string kRules = test_rules();
const std::string kPack = kVocabulary + kRules;

// Every grounded rule instance: "rule-id: expression".
std::vector<std::string> instances(const CheckRun& r) {
  std::vector<std::string> out;
  for (const auto& inst : r.result.problem.instances)
    out.push_back(inst.rule_id + ": " + render(inst.expr, r.result.problem.variables));
  return out;
}

std::vector<Status> statuses(const CheckRun& r) {
  std::vector<Status> out;
  for (const auto& o : r.result.outcomes) out.push_back(o.status);
  return out;
}

CheckRun check(const std::string& claims, const std::string& pack = kPack) {
  CheckRun r = run_claims(claims, pack);
  INFO(r.diagnostics.render());
  REQUIRE(r.ok());
  return r;
}

CheckRun check_published(const std::string& claims, const std::string& published, const std::string& id = "DOC") {
  CheckRun r = run({{"set.yaml", claim_set(claims, id, published)}}, kPack);
  INFO(r.diagnostics.render());
  REQUIRE(r.ok());
  return r;
}

using Lines = std::vector<std::string>;

// ---- rule expression errors ----

// The pack with one more rule whose `require:` is `expression` (or a whole rule body given as
// `rule_yaml`); returns the first error line with the temp directory cut off.
std::string rule_error(const std::string& rule_yaml) {
  CheckRun r = run_claims(claim("a", "rings(Morocco, 2006) = 5"), kVocabulary + "rules:\n" + rule_yaml);
  REQUIRE_FALSE(r.ok());
  return first_line(without_temp_dirs(r.diagnostics.render()));
}

int vocabulary_lines() { return static_cast<int>(std::count(kVocabulary.begin(), kVocabulary.end(), '\n')); }

std::string require_rule(const std::string& expression) {
  return "  - id: bad\n    kind: constraint\n    description: d\n    require: \"" + expression + "\"\n";
}

// "rules/extra.yaml:L:C: error: " for `needle` inside the expression of require_rule().
std::string at_require(const std::string& expression, const std::string& needle) {
  std::size_t offset = expression.find(needle);
  REQUIRE(offset != std::string::npos);
  int line = vocabulary_lines() + 1 /* rules: */ + 4;
  return fmt::format("rules/extra.yaml:{}:{}: error: ", line, 15 + offset);
}

std::string require_error(const std::string& expression) { return rule_error(require_rule(expression)); }

}  // namespace

// ================================================================ rule expression errors

TEST_CASE("an unknown term in a rule is named with a suggestion", "[ground][parse]") {
  std::string e = "ringz(?x, ?p) <= 3";
  CHECK(require_error(e) == at_require(e, "ringz") + "unknown metric, predicate or event 'ringz' (did you mean 'rings'?)");
  std::string far = "rings(?x, ?p) <= dismantled(?x, ?p)";
  CHECK(require_error(far) == at_require(far, "dismantled") + "unknown metric, predicate or event 'dismantled'");
  std::string entity = "rings(Moroco, ?p) <= 3";
  CHECK(require_error(entity) == at_require(entity, "Moroco") + "unknown entity 'Moroco' (did you mean 'Morocco'?)");
}

TEST_CASE("sort mismatches in rules", "[ground][parse]") {
  std::string sum = "involved(?x, ?a, ?w, ?t) + 1 >= 0";
  CHECK(require_error(sum) == at_require(sum, "involved") + "sort mismatch: 'involved' is a proposition, used as a number");
  std::string compared = "rings(?x, ?t) <= involved(?x, ?a, ?w, ?t)";
  CHECK(require_error(compared) ==
        at_require(compared, "involved") + "sort mismatch: 'involved' is a proposition, used as a number");
  std::string scaled = "2 * involved(?x, ?a, ?w, ?t) <= 1";
  CHECK(require_error(scaled) ==
        at_require(scaled, "involved") + "sort mismatch: 'involved' is a proposition, used as a number");
  std::string bare = "rings(?x, ?p)";
  CHECK(require_error(bare) ==
        at_require(bare, "rings") + "sort mismatch: expected a condition (a comparison or a proposition), found a number");
  std::string conjunct = "rings(?x, ?p) and accepted(?x, ?p) <= 3";
  CHECK(require_error(conjunct) == at_require(conjunct, "rings") +
                                       "sort mismatch: expected a condition (a comparison or a proposition), found a number");
  std::string negated = "not rings(?x, ?p)";
  CHECK(require_error(negated) == at_require(negated, "rings") +
                                      "sort mismatch: expected a condition (a comparison or a proposition), found a number");
  std::string implied = "rings(?x, ?p) -> involved(?x, ?a, ?w, ?p)";
  CHECK(require_error(implied) == at_require(implied, "rings") +
                                      "sort mismatch: expected a condition (a comparison or a proposition), found a number");
  std::string ordered = "(rings(?x, ?p) <= 3) < (accepted(?x, ?p) <= 3)";
  CHECK(require_error(ordered) ==
        at_require(ordered, "(rings") + "sort mismatch: expected a number, found a condition");
}

TEST_CASE("rules are linear: two terms may not multiply", "[ground][parse]") {
  std::string product = "rings(?x, ?p) * accepted(?x, ?p) <= 3";
  CHECK(require_error(product) ==
        at_require(product, "*") + "only a number may multiply a term (rules are linear): write '2 * x', not 'x * y'");
  // A number times a term is fine.
  CheckRun ok = run_claims(claim("a", "rings(Morocco, 2006) = 5"),
                           kVocabulary + "rules:\n" + require_rule("2 * rings(?x, ?p) >= rings(?x, ?p)"));
  CHECK(ok.ok());
}

TEST_CASE("unknown relations in quantifiers and guards", "[ground][parse]") {
  std::string quantified = "any ?a member_of ?x: rings(?a, ?p) <= 3";
  CHECK(require_error(quantified) ==
        at_require(quantified, "member_of") + "unknown relation 'member_of'; expected part_of or aggravates");
  std::string guard = "  - id: bad\n    kind: constraint\n    description: d\n    where: [\"?a contains ?b\"]\n"
                      "    require: \"rings(?a, ?p) <= rings(?b, ?p)\"\n";
  CHECK(rule_error(guard) == fmt::format("rules/extra.yaml:{}:{}: error: ", vocabulary_lines() + 5, 14 + 3) +
                                 "unknown relation 'contains'; expected part_of or aggravates");
}

TEST_CASE("other rule expression errors", "[ground][parse]") {
  std::string arity = "rings(?x) <= 3";
  CHECK(require_error(arity) == at_require(arity, "rings") + "'rings' takes 2 arguments, found 1");
  std::string period = "rings(?x, 2006-02-30) <= 3";
  CHECK(require_error(period) == at_require(period, "2006-02-30") + "impossible date 2006-02-30: February 2006 has 28 days");
  std::string trailing = "rings(?x, ?p) <= 3 )";
  CHECK(require_error(trailing) == fmt::format("rules/extra.yaml:{}:{}: error: ", vocabulary_lines() + 5, 15 + trailing.rfind(')')) +
                                       "expected the end of the expression, found ')'");
  std::string dangling = "rings(?x, ?p) <=";
  CHECK(require_error(dangling) == fmt::format("rules/extra.yaml:{}:{}: error: ", vocabulary_lines() + 5, 15 + dangling.size()) +
                                       "expected a term (metric, predicate or event), a number or '(', found end of text");
}

TEST_CASE("rule kinds are checked when packs load", "[ground][parse]") {
  std::string unknown_kind = "  - id: bad\n    kind: parts_summ\n    description: d\n    require: \"rings(?x, ?p) <= 3\"\n";
  CHECK(rule_error(unknown_kind) ==
        fmt::format("rules/extra.yaml:{}:11: error: ", vocabulary_lines() + 3) +
            "unknown rule kind 'parts_summ' (did you mean 'parts_sum'?); expected one of: additivity, aggravation, "
            "agreement, constraint, conversion, implication, parts_sum, past_event, proxy, range, subset_bound, time_order");
  std::string no_require = "  - id: bad\n    kind: constraint\n    description: d\n";
  CHECK(rule_error(no_require) == fmt::format("rules/extra.yaml:{}:5: error: ", vocabulary_lines() + 2) +
                                      "rule 'bad' of kind 'constraint' needs a 'require' expression");
  std::string builtin = "  - id: bad\n    kind: agreement\n    description: d\n    require: \"rings(?x, ?p) <= 3\"\n";
  CHECK(rule_error(builtin) == fmt::format("rules/extra.yaml:{}:14: error: ", vocabulary_lines() + 5) +
                                   "rule kind 'agreement' is built in and takes no 'require'");
}

// ================================================================ agreement

TEST_CASE("agreement: overlapping claims on one key are consistent", "[ground][agreement]") {
  CheckRun r = check(claim("a", "rings(Morocco, 2006) = more than 350") + claim("b", "rings(Morocco, 2006) = 400"));
  CHECK(finding_lines(r).empty());
  CHECK(statuses(r) == std::vector<Status>{Status::consistent});
  CHECK(r.result.components.size() == 1);
  CHECK(r.result.components[0].claims == std::vector<int>{0, 1});
  CHECK(r.result.untouched_claims.empty());
}

TEST_CASE("agreement: disjoint claims on one key contradict", "[ground][agreement]") {
  CheckRun r = check(claim("a", "rings(Morocco, 2006) > 350") + claim("b", "rings(Morocco, 2006) < 300"));
  CHECK(finding_lines(r) == Lines{"contradiction DOC/a DOC/b | agreement"});
  CHECK(statuses(r) == std::vector<Status>{Status::inconsistent});
  REQUIRE(r.result.findings.size() == 1);
  CHECK(r.result.findings[0].numbers ==
        Lines{"rings(Morocco, 2006): DOC/a gives > 350 (\"> 350\"); DOC/b gives < 300 (\"< 300\"); "
              "no value lies in all of them"});
}

TEST_CASE("agreement: neighbouring rounded numbers do not overlap", "[ground][agreement]") {
  CheckRun r = check(claim("a", "rings(Morocco, 2006) = 350") + claim("b", "rings(Morocco, 2006) = 351"));
  CHECK(finding_lines(r) == Lines{"contradiction DOC/a DOC/b | agreement"});
  CheckRun approx = check(claim("a", "rings(Morocco, 2006) = about 350") + claim("b", "rings(Morocco, 2006) = 380"));
  CHECK(finding_lines(approx).empty());
}

TEST_CASE("agreement: a proposition and its negation contradict", "[ground][agreement]") {
  CheckRun r = check(claim("a", "involved(Polisario, migrant_smuggling, Western_Sahara, 2006)") +
                     claim("b", "not involved(Polisario, migrant_smuggling, Western_Sahara, 2006)"));
  CHECK(finding_lines(r) == Lines{"contradiction DOC/a DOC/b | agreement"});
  REQUIRE(r.result.findings.size() == 1);
  CHECK(r.result.findings[0].numbers ==
        Lines{"involved(Polisario, migrant_smuggling, Western_Sahara, 2006): DOC/a says true; DOC/b says false; "
              "the claims give it opposite truth values"});
}

TEST_CASE("agreement holds across documents", "[ground][agreement]") {
  CheckRun r = run({{"a.yaml", claim_set(claim("moi", "rings(Morocco, 2006) > 350"), "A", "2007-03-07")},
                    {"b.yaml", claim_set(claim("map", "rings(Morocco, 2006) = 80"), "B", "2017-11-14")}},
                   kPack);
  REQUIRE(r.ok());
  CHECK(finding_lines(r) == Lines{"contradiction A/moi B/map | agreement"});
}

// ================================================================ additivity

TEST_CASE("additivity: yearly counts fit in a containing span", "[ground][additivity]") {
  CheckRun r = check(claim("a", "rings(Morocco, 2004..2006) = 100") + claim("b", "rings(Morocco, 2005) = 40") +
                     claim("c", "rings(Morocco, 2006) = 50"));
  CHECK(instances(r) == Lines{"additivity: rings(Morocco, 2005) + rings(Morocco, 2006) <= rings(Morocco, 2004..2006)"});
  CHECK(finding_lines(r).empty());
  CHECK(statuses(r) == std::vector<Status>{Status::consistent});
}

TEST_CASE("additivity: yearly counts exceeding the span contradict", "[ground][additivity]") {
  CheckRun r = check(claim("a", "rings(Morocco, 2004..2006) = 100") + claim("b", "rings(Morocco, 2005) = 60") +
                     claim("c", "rings(Morocco, 2006) = 50"));
  CHECK(finding_lines(r) == Lines{"contradiction DOC/a DOC/b DOC/c | additivity"});
  REQUIRE(r.result.findings.size() == 1);
  REQUIRE(r.result.findings[0].numbers.size() == 2);
  CHECK(r.result.findings[0].numbers[0] ==
        "additivity: rings(Morocco, 2005) + rings(Morocco, 2006) <= rings(Morocco, 2004..2006), with the "
        "claims' values: (rings(Morocco, 2005) [59.5, 60.5)) + (rings(Morocco, 2006) [49.5, 50.5)) <= "
        "(rings(Morocco, 2004..2006) [99.5, 100.5))");
  // Counts are whole: 56 + 46 <= 104 needs rounding 8 times as coarse; 7 times leaves 57 + 47 > 103.
  CHECK(r.result.findings[0].rounding_widening == Rational(8));
  CHECK(r.result.findings[0].numbers[1].rfind(
            "no qualifier to widen; the figures would hold together only if their rounding were 8 times as coarse "
            "(rounding is what a figure says, so this stays a contradiction): the rounding of \"100\" would have to "
            "allow -4% to +4% instead of -0.5% to +0.5% (rings(Morocco, 2004..2006) [99.5, 100.5) -> [96, 104))",
            0) == 0);
}

TEST_CASE("additivity: nested sub-periods are bounded by their parent, not summed with it", "[ground][additivity]") {
  CheckRun ok = check(claim("a", "rings(Morocco, 2004..2006) = 100") + claim("b", "rings(Morocco, 2006) = 80") +
                      claim("c", "rings(Morocco, 2006-08) = 70"));
  CHECK(instances(ok) == Lines{"additivity: rings(Morocco, 2006) <= rings(Morocco, 2004..2006)",
                               "additivity: rings(Morocco, 2006-08) <= rings(Morocco, 2006)"});
  CHECK(finding_lines(ok).empty());

  CheckRun bad = check(claim("a", "rings(Morocco, 2004..2006) = 100") + claim("b", "rings(Morocco, 2006) = 60") +
                       claim("c", "rings(Morocco, 2006-08) = 70"));
  CHECK(finding_lines(bad) == Lines{"contradiction DOC/b DOC/c | additivity"});

  // With the year unstated, the month is bounded by the span directly.
  CheckRun skip = check(claim("a", "rings(Morocco, 2004..2006) = 50") + claim("c", "rings(Morocco, 2006-08) = 70"));
  CHECK(instances(skip) == Lines{"additivity: rings(Morocco, 2006-08) <= rings(Morocco, 2004..2006)"});
  CHECK(finding_lines(skip) == Lines{"contradiction DOC/a DOC/c | additivity"});
}

TEST_CASE("additivity: overlapping sub-periods are not summed", "[ground][additivity]") {
  CheckRun r = check(claim("a", "rings(Morocco, 2004..2006) = 100") + claim("b", "rings(Morocco, 2004..2005) = 60") +
                     claim("c", "rings(Morocco, 2005..2006) = 60"));
  CHECK(instances(r) == Lines{"additivity: rings(Morocco, 2004..2005) <= rings(Morocco, 2004..2006)",
                              "additivity: rings(Morocco, 2005..2006) <= rings(Morocco, 2004..2006)"});
  CHECK(finding_lines(r).empty());
}

TEST_CASE("additivity: disjoint periods with no span are unrelated", "[ground][additivity]") {
  CheckRun r = check(claim("a", "rings(Morocco, 2005) = 500") + claim("b", "rings(Morocco, 2006) = 10"));
  CHECK(instances(r).empty());
  CHECK(finding_lines(r).empty());
  CHECK(r.result.components.size() == 2);
  CHECK(r.result.untouched_claims == std::vector<int>{0, 1});
}

TEST_CASE("additivity: a count for the year so far sits inside 'since 2004'", "[ground][additivity]") {
  // Published 2017-11-14: "80 cells in 2017" covers 2017-01-01..2017-11-14.
  CheckRun ok = check_published(claim("a", "rings(Morocco, 2017) = 80") + claim("b", "rings(Morocco, since 2004) = more than 3,000"),
                                "2017-11-14", "MAP");
  CHECK(instances(ok) == Lines{"additivity: rings(Morocco, 2017..2017-11-14) <= rings(Morocco, 2004..2017-11-14)"});
  CHECK(finding_lines(ok).empty());

  CheckRun bad = check_published(claim("a", "rings(Morocco, 2017) = 80") + claim("b", "rings(Morocco, since 2004) = 50"),
                                 "2017-11-14", "MAP");
  CHECK(finding_lines(bad) == Lines{"contradiction MAP/a MAP/b | additivity"});
}

TEST_CASE("additivity across documents: 2006 and 2017 counts within 'since 2004'", "[ground][additivity]") {
  auto cable = claim_set(claim("rings-2006", "rings(Morocco, 2006) = more than 350"), "07CASABLANCA42", "2007-03-07");
  auto ok_map = claim_set(claim("cells-2017", "rings(Morocco, 2017) = 80") +
                              claim("since-2004", "rings(Morocco, since 2004) = more than 3,000"),
                          "MAP", "2017-11-14");
  CheckRun ok = run({{"a.yaml", cable}, {"b.yaml", ok_map}}, kPack);
  REQUIRE(ok.ok());
  CHECK(instances(ok) == Lines{"additivity: rings(Morocco, 2006) + rings(Morocco, 2017..2017-11-14) <= "
                               "rings(Morocco, 2004..2017-11-14)"});
  CHECK(finding_lines(ok).empty());

  auto bad_map = claim_set(claim("cells-2017", "rings(Morocco, 2017) = 80") +
                               claim("since-2004", "rings(Morocco, since 2004) = 400"),
                           "MAP", "2017-11-14");
  CheckRun bad = run({{"a.yaml", cable}, {"b.yaml", bad_map}}, kPack);
  REQUIRE(bad.ok());
  CHECK(finding_lines(bad) == Lines{"contradiction 07CASABLANCA42/rings-2006 MAP/cells-2017 MAP/since-2004 | additivity"});
}

// ================================================================ parts_sum

// ---- proxy: other definitions and periods ----

TEST_CASE("proxy: a conflict across metric definitions is a caveat", "[ground][proxy]") {
  CheckRun r = check(claim("a", "rings_broad(Morocco, 2006) = 350") + claim("b", "rings(Morocco, 2004..2006) < 300"));
  CHECK(instances(r) == Lines{"compared-across-definitions-or-periods: rings_broad(Morocco, 2006) = rings(Morocco, 2006)",
                              "additivity: rings(Morocco, 2006) <= rings(Morocco, 2004..2006)"});
  CHECK(finding_lines(r) == Lines{"caveat DOC/a DOC/b | additivity compared-across-definitions-or-periods"});
  REQUIRE(r.result.findings.size() == 1);
  CHECK(r.result.findings[0].caveats == Lines{"counts smuggling rings too"});
}

TEST_CASE("proxy: a consistent comparison across definitions carries the caveat", "[ground][proxy]") {
  CheckRun r = check(claim("a", "rings_broad(Morocco, 2006) = 350") + claim("b", "rings(Morocco, 2004..2006) > 400"));
  CHECK(finding_lines(r).empty());
  REQUIRE(r.result.comparisons.size() == 1);
  const Comparison& c = r.result.comparisons[0];
  CHECK(c.rule_id == "additivity");
  CHECK(c.claims == std::vector<int>{0, 1});
  CHECK(c.caveats == Lines{"counts smuggling rings too"});
  CHECK(c.bounds == "(rings(Morocco, 2006) [349.5, 350.5)) <= (rings(Morocco, 2004..2006) > 400)");
  CHECK(c.witness == "350 <= 401");
  CHECK(r.result.outcomes[0].witness_source == "exact check");
}

TEST_CASE("proxy: figures of one definition only need no caveat", "[ground][proxy]") {
  CheckRun r = check(claim("a", "rings_broad(Morocco, 2006) = 350") + claim("b", "rings_broad(Morocco, 2006) = 300"));
  CHECK(finding_lines(r) == Lines{"contradiction DOC/a DOC/b | agreement"});
}

TEST_CASE("proxy: periods a claim set compares", "[ground][proxy]") {
  std::string set = "document: {id: DOC, title: t, published: 2007-04-15, author: a}\n"
                    "compare_periods:\n  - periods: [2006, 2006-04..2007-03]\n    caveat: \"calendar vs reporting year\"\n"
                    "claims:\n" +
                    claim("a", "rings(Morocco, 2006-04..2007-03) = 350") + claim("b", "rings(Morocco, 2006) = 200") +
                    claim("c", "cases(Morocco, 2006) = 20");
  CheckRun r = run({{"set.yaml", set}}, kPack);
  INFO(r.diagnostics.render());
  REQUIRE(r.ok());
  CHECK(instances(r) == Lines{"compared-across-definitions-or-periods: rings(Morocco, 2006-04..2007-03) = rings(Morocco, 2006)",
                              "compared-across-definitions-or-periods: cases(Morocco, 2006) = cases(Morocco, 2006-04..2007-03)"});
  CHECK(finding_lines(r) == Lines{"caveat DOC/a DOC/b | compared-across-definitions-or-periods"});
  REQUIRE(r.result.findings.size() == 1);
  CHECK(r.result.findings[0].caveats == Lines{"calendar vs reporting year"});
}

TEST_CASE("parts_sum: 23 + 14 + 14 = 51 holds", "[ground][parts_sum]") {
  CheckRun r = check(claim("a", "cases(Morocco, 2006) = 51") + claim("b", "decided(Morocco, 2006) = 23") +
                     claim("c", "under_investigation(Morocco, 2006) = 14") + claim("d", "on_trial(Morocco, 2006) = 14"));
  CHECK(instances(r) == Lines{"cases-add-up: decided(Morocco, 2006) + under_investigation(Morocco, 2006) + "
                              "on_trial(Morocco, 2006) = cases(Morocco, 2006)"});
  CHECK(finding_lines(r).empty());
  CHECK(statuses(r) == std::vector<Status>{Status::consistent});
}

TEST_CASE("parts_sum: 23 + 14 + 15 = 51 fails", "[ground][parts_sum]") {
  CheckRun r = check(claim("a", "cases(Morocco, 2006) = 51") + claim("b", "decided(Morocco, 2006) = 23") +
                     claim("c", "under_investigation(Morocco, 2006) = 14") + claim("d", "on_trial(Morocco, 2006) = 15"));
  CHECK(finding_lines(r) == Lines{"contradiction DOC/a DOC/b DOC/c DOC/d | cases-add-up"});
}

TEST_CASE("parts_sum needs every part stated", "[ground][parts_sum]") {
  CheckRun r = check(claim("a", "cases(Morocco, 2006) = 51") + claim("b", "decided(Morocco, 2006) = 60"));
  CHECK(instances(r).empty());
  CHECK(finding_lines(r).empty());
}

// ================================================================ subset_bound

TEST_CASE("subset_bound: accepted applications within applications", "[ground][subset_bound]") {
  CheckRun ok = check(claim("a", "accepted(Morocco, 2006) = 10") + claim("b", "applications(Morocco, 2006) = 20"));
  CHECK(instances(ok) == Lines{"accepted-within-applications: accepted(Morocco, 2006) <= applications(Morocco, 2006)"});
  CHECK(finding_lines(ok).empty());
  CheckRun bad = check(claim("a", "accepted(Morocco, 2006) = 30") + claim("b", "applications(Morocco, 2006) = 20"));
  CHECK(finding_lines(bad) == Lines{"contradiction DOC/a DOC/b | accepted-within-applications"});
  // Equal counts are allowed.
  CheckRun equal = check(claim("a", "accepted(Morocco, 2006) = 20") + claim("b", "applications(Morocco, 2006) = 20"));
  CHECK(finding_lines(equal).empty());
}

// ================================================================ time_order

TEST_CASE("time_order: signed before ratified", "[ground][time_order]") {
  CheckRun ok = check_published(claim("a", "signed(Morocco, Palermo_Protocol) on December 13, 2000") +
                                    claim("b", "ratified(Morocco, Palermo_Protocol) on April 25, 2011"),
                                "2017-11-14");
  // Built-in rules ground first, claim by claim; then expression rules in pack order.
  CHECK(instances(ok) == Lines{"past-event-before-publication: signed(Morocco, Palermo_Protocol) <= 2017-11-14",
                               "past-event-before-publication: ratified(Morocco, Palermo_Protocol) <= 2017-11-14",
                               "signed-before-ratified: signed(Morocco, Palermo_Protocol) <= ratified(Morocco, Palermo_Protocol)"});
  CHECK(finding_lines(ok).empty());
}

TEST_CASE("time_order: ratified before signed contradicts", "[ground][time_order]") {
  CheckRun bad = check_published(claim("a", "ratified(Morocco, Palermo_Protocol) on 2005-03-01") +
                                     claim("b", "signed(Morocco, Palermo_Protocol) on 2006-05-01"),
                                 "2017-11-14");
  CHECK(finding_lines(bad) == Lines{"contradiction DOC/a DOC/b | signed-before-ratified"});
  REQUIRE(bad.result.findings.size() == 1);
  CHECK(bad.result.findings[0].numbers ==
        Lines{"signed-before-ratified: signed(Morocco, Palermo_Protocol) <= ratified(Morocco, Palermo_Protocol), with "
              "the claims' values: (signed(Morocco, Palermo_Protocol) 2006-05-01) <= (ratified(Morocco, "
              "Palermo_Protocol) 2005-03-01)"});
  // The same month for both: signing and ratifying on one day is possible.
  CheckRun same = check_published(claim("a", "ratified(Morocco, Palermo_Protocol) on June 2003") +
                                      claim("b", "signed(Morocco, Palermo_Protocol) on June 2003"),
                                  "2017-11-14");
  CHECK(finding_lines(same).empty());
}

// ================================================================ past_event

TEST_CASE("past_event: an event after publication reported in the past tense fails", "[ground][past_event]") {
  CheckRun r = check(claim("a", "signed(Morocco, Palermo_Protocol) on July 2007"));
  CHECK(instances(r) == Lines{"past-event-before-publication: signed(Morocco, Palermo_Protocol) <= 2007-03-07"});
  CHECK(finding_lines(r) == Lines{"contradiction DOC/a | past-event-before-publication"});
  REQUIRE(r.result.findings.size() == 1);
  CHECK(r.result.findings[0].numbers ==
        Lines{"past-event-before-publication: signed(Morocco, Palermo_Protocol) <= 2007-03-07, with the claims' "
              "values: (signed(Morocco, Palermo_Protocol) 2007-07-01..2007-07-31) <= 2007-03-07"});
}

TEST_CASE("past_event: events up to the publication day are fine", "[ground][past_event]") {
  CheckRun r = check(claim("a", "signed(Morocco, Palermo_Protocol) on 2007-03-07") +
                     claim("b", "ratified(Spain, Palermo_Protocol) on March 2007") +
                     claim("c", "adopted(Spain, Palermo_Protocol) on July"));
  CHECK(finding_lines(r).empty());
  CHECK(instances(r) == Lines{"past-event-before-publication: signed(Morocco, Palermo_Protocol) <= 2007-03-07",
                              "past-event-before-publication: ratified(Spain, Palermo_Protocol) <= 2007-03-07",
                              "past-event-before-publication: adopted(Spain, Palermo_Protocol) <= 2007-03-07",
                              "adopted-before-ratified: adopted(Spain, Palermo_Protocol) <= ratified(Spain, Palermo_Protocol)"});
}

TEST_CASE("past_event: a future-tense event is not checked", "[ground][past_event]") {
  CheckRun r = check(claim("a", "signed(Morocco, Palermo_Protocol) on July 2007", "    tense: future\n"));
  CHECK(instances(r).empty());
  CHECK(finding_lines(r).empty());
  CHECK(r.result.untouched_claims == std::vector<int>{0});
  CheckRun present = check(claim("a", "signed(Morocco, Palermo_Protocol) on July 2007", "    tense: present\n"));
  CHECK(instances(present).empty());
  CHECK(finding_lines(present).empty());
}

// ================================================================ conversion

TEST_CASE("conversion: two amount pairs implying disjoint rates contradict", "[ground][conversion]") {
  CheckRun r = check(claim("a", "fine_min(Morocco) = 200 MAD = 23 USD") + claim("b", "fine_max(Spain) = 5000 MAD = 590 USD"));
  CHECK(finding_lines(r) == Lines{"contradiction DOC/a DOC/b | one-rate-per-document"});
  REQUIRE(r.result.findings.size() == 1);
  REQUIRE(r.result.findings[0].numbers.size() == 2);
  CHECK(r.result.findings[0].numbers[0] ==
        "implied exchange rate rate(DOC, MAD, USD): DOC/a gives (0.112219..., 0.117794...) USD per MAD "
        "(\"200 MAD = 23 USD\"); DOC/b gives (0.117888..., 0.118112...) USD per MAD (\"5000 MAD = 590 USD\"); "
        "no value lies in all of them");
  // A near miss: the rate intervals about 23/200 and 590/5000 meet once 1.03 times as wide.
  REQUIRE(r.result.findings[0].rounding_widening);
  CHECK(to_display(*r.result.findings[0].rounding_widening) == "1.03225...");
  CHECK(r.result.findings[0].numbers[1].find("and 1 more") != std::string::npos);
}

TEST_CASE("conversion: amount pairs implying overlapping rates agree", "[ground][conversion]") {
  CheckRun r = check(claim("a", "fine_min(Morocco) = 200 MAD = 23 USD") + claim("b", "fine_max(Spain) = 1000 MAD = 115 USD"));
  CHECK(finding_lines(r).empty());
  CHECK(statuses(r) == std::vector<Status>{Status::consistent});
  CHECK(r.result.components.size() == 1);
}

TEST_CASE("conversion: a stated rate against an amount pair", "[ground][conversion]") {
  CheckRun bad = check(claim("a", "fine_min(Morocco) = 200 MAD = 23 USD") + claim("b", "rate roughly 10 MAD = 1 USD"));
  // 'roughly' allows 0.09..0.11 USD per MAD; 200 MAD = USD 23 needs at least 22.5 / 200.5. Widening
  // 'roughly' 490/401 times (to about 12.2%) lets them agree: a tension, not a contradiction.
  CHECK(finding_lines(bad) == Lines{"tension DOC/a DOC/b | one-rate-per-document"});
  REQUIRE(bad.result.findings.size() == 1);
  CHECK(bad.result.findings[0].widening == Rational(490, 401));
  CheckRun ok = check(claim("a", "fine_min(Morocco) = 200 MAD = 23 USD") + claim("b", "rate about 8.7 MAD = 1 USD"));
  CHECK(finding_lines(ok).empty());
}

TEST_CASE("a claim's constraint is the conjunction of its atoms (kept in one flat array)", "[ground][atoms]") {
  CheckRun r = check(claim("a", "fine_min(Morocco) = 200 MAD = 23 USD") + claim("b", "fine_max(Spain) = 5000 MAD"));
  const GroundProblem& p = r.result.problem;
  REQUIRE(p.claim_count() == 2);
  CHECK(p.atom_begin == std::vector<std::size_t>{0, 2, 3});
  std::vector<std::string> keys;
  for (const auto& atom : p.atoms_of(0)) keys.push_back(p.variables[atom.var].key.text());
  CHECK(keys == std::vector<std::string>{"fine_min(Morocco) [MAD]", "rate(DOC, MAD, USD)"});
  CHECK(p.claim_vars(0) == std::vector<int>{0, 1});
  CHECK(render(p.claim_condition(0), p.variables) ==
        "fine_min(Morocco) [MAD] >= 199.5 and fine_min(Morocco) [MAD] < 200.5 and "
        "rate(DOC, MAD, USD) > 0.112219... and rate(DOC, MAD, USD) < 0.117794...");
  CHECK(render(p.claim_condition(1), p.variables) == "fine_max(Spain) [MAD] >= 4,999.5 and fine_max(Spain) [MAD] < 5,000.5");

  // Two atoms on one key: the claim's variables are listed once.
  GroundProblem twice;
  int x = add_variable(twice, "x", ValueType::count);
  add_claim(twice, x, Interval{Bound{1, false}, std::nullopt});
  twice.atoms.push_back(twice.atoms.back());
  twice.atoms.back().interval = Interval{std::nullopt, Bound{3, true}};
  twice.atom_begin.back() = twice.atoms.size();
  CHECK(twice.claim_count() == 1);
  CHECK(twice.claim_vars(0) == std::vector<int>{x});
  CHECK(render(twice.claim_condition(0), twice.variables) == "x() >= 1 and x() < 3");
}

TEST_CASE("conversion: rates are per document", "[ground][conversion]") {
  CheckRun r = run({{"a.yaml", claim_set(claim("a", "fine_min(Morocco) = 200 MAD = 23 USD"), "A")},
                    {"b.yaml", claim_set(claim("b", "fine_max(Spain) = 5000 MAD = 590 USD"), "B")}},
                   kPack);
  REQUIRE(r.ok());
  CHECK(finding_lines(r).empty());
  CHECK(r.result.components.size() == 2);
}

// ================================================================ range

TEST_CASE("range: a statute's minimum above its maximum fails", "[ground][range]") {
  CheckRun ok = check(claim("a", "prison_min(law02_03.art52) = 1 year") + claim("b", "prison_max(law02_03.art52) = 5 years"));
  CHECK(instances(ok) == Lines{"prison-range-ordered: prison_min(law02_03.art52) <= prison_max(law02_03.art52)"});
  CHECK(finding_lines(ok).empty());
  CheckRun bad = check(claim("a", "prison_min(law02_03.art52) = 5 years") + claim("b", "prison_max(law02_03.art52) = 2 years"));
  CHECK(finding_lines(bad) == Lines{"contradiction DOC/a DOC/b | prison-range-ordered"});
}

TEST_CASE("range: a fine imposed inside the range of an article of the law", "[ground][range]") {
  CheckRun r = check(claim("a", "fine_imposed_min(law02_03, 2006) = 5000 MAD") +
                     claim("b", "fine_min(law02_03.art52) = 3000 MAD") + claim("c", "fine_max(law02_03.art52) = 10000 MAD"));
  CHECK(finding_lines(r).empty());
  // Only articles whose terms are all stated take part in 'any ?article part_of ?law'.
  CHECK(instances(r) ==
        Lines{"fine-range-ordered: fine_min(law02_03.art52) [MAD] <= fine_max(law02_03.art52) [MAD]",
              "fine-min-within-statute: fine_min(law02_03.art52) [MAD] <= fine_imposed_min(law02_03, 2006) [MAD] and "
              "fine_imposed_min(law02_03, 2006) [MAD] <= fine_max(law02_03.art52) [MAD]"});
  CHECK(statuses(r) == std::vector<Status>{Status::consistent});
}

TEST_CASE("range: a fine imposed outside the range of every article of the law fails", "[ground][range]") {
  CheckRun r = check(claim("a", "fine_imposed_min(law02_03, 2006) = 1000 MAD") +
                     claim("b", "fine_min(law02_03.art52) = 3000 MAD") + claim("c", "fine_max(law02_03.art52) = 10000 MAD"));
  CHECK(finding_lines(r) == Lines{"contradiction DOC/a DOC/b | fine-min-within-statute"});
  CheckRun above = check(claim("a", "fine_imposed_min(law02_03, 2006) = 20000 MAD") +
                         claim("b", "fine_min(law02_03.art52) = 3000 MAD") + claim("c", "fine_max(law02_03.art52) = 10000 MAD"));
  CHECK(finding_lines(above) == Lines{"contradiction DOC/a DOC/c | fine-min-within-statute"});
}

TEST_CASE("range: inside the range of some article suffices", "[ground][range]") {
  std::string statute = claim("b", "fine_min(law02_03.art52) = 3000 MAD") + claim("c", "fine_max(law02_03.art52) = 10000 MAD") +
                        claim("d", "fine_min(law02_03.art53) = 500 MAD") + claim("e", "fine_max(law02_03.art53) = 20000 MAD");
  CheckRun r = check(claim("a", "fine_imposed_min(law02_03, 2006) = 1000 MAD") + statute);
  CHECK(finding_lines(r).empty());
  Lines all = instances(r);
  CHECK(std::count(all.begin(), all.end(),
                   "fine-min-within-statute: fine_min(law02_03.art52) [MAD] <= fine_imposed_min(law02_03, 2006) [MAD] and "
                   "fine_imposed_min(law02_03, 2006) [MAD] <= fine_max(law02_03.art52) [MAD] or fine_min(law02_03.art53) "
                   "[MAD] <= fine_imposed_min(law02_03, 2006) [MAD] and fine_imposed_min(law02_03, 2006) [MAD] <= "
                   "fine_max(law02_03.art53) [MAD]") == 1);
  CheckRun none = check(claim("a", "fine_imposed_min(law02_03, 2006) = 30000 MAD") + statute);
  CHECK(finding_lines(none) == Lines{"contradiction DOC/a DOC/c DOC/e | fine-min-within-statute"});
}

TEST_CASE("range: money compares only within one currency", "[ground][range]") {
  CheckRun r = check(claim("a", "fine_imposed_min(law02_03, 2006) = 10 USD") +
                     claim("b", "fine_min(law02_03.art52) = 3000 MAD") + claim("c", "fine_max(law02_03.art52) = 10000 MAD"));
  CHECK(finding_lines(r).empty());
  CHECK(instances(r) == Lines{"fine-range-ordered: fine_min(law02_03.art52) [MAD] <= fine_max(law02_03.art52) [MAD]"});
}

TEST_CASE("range: a sentence handed down within the statute's prison range", "[ground][range]") {
  std::string statute = claim("b", "prison_min(law02_03.art52) = 1 year") + claim("c", "prison_max(law02_03.art52) = 5 years");
  CheckRun ok = check(claim("a", "sentence_imposed_max(law02_03, 2006) = 3 years") + statute);
  CHECK(finding_lines(ok).empty());
  CheckRun bad = check(claim("a", "sentence_imposed_max(law02_03, 2006) = 10 years") + statute);
  CHECK(finding_lines(bad) == Lines{"contradiction DOC/a DOC/c | sentence-max-within-statute"});
}

// ================================================================ aggravation

TEST_CASE("aggravation: an aggravated offence no lighter than its base", "[ground][aggravation]") {
  std::string base = claim("base-max", "prison_max(law02_03.art52) = 5 years") +
                     claim("base-min", "prison_min(law02_03.art52) = 2 years") +
                     claim("repeat-max", "prison_max(law02_03.art52_repeat) = 10 years");
  CheckRun ok = check(base + claim("repeat-min", "prison_min(law02_03.art52_repeat) = 3 years"));
  CHECK(finding_lines(ok).empty());
  Lines ok_instances = instances(ok);
  CHECK(std::count(ok_instances.begin(), ok_instances.end(),
                   "aggravated-prison-no-lighter: prison_min(law02_03.art52_repeat) >= prison_min(law02_03.art52) and "
                   "prison_max(law02_03.art52_repeat) >= prison_max(law02_03.art52)") == 1);

  CheckRun bad = check(base + claim("repeat-min", "prison_min(law02_03.art52_repeat) = 6 months"));
  CHECK(finding_lines(bad) == Lines{"contradiction DOC/base-min DOC/repeat-min | aggravated-prison-no-lighter"});
}

TEST_CASE("aggravation only runs in the direction of 'aggravates'", "[ground][aggravation]") {
  // art52 does not aggravate art52_repeat: a lighter base is never a problem.
  CheckRun r = check(claim("a", "prison_min(law02_03.art52) = 6 months") + claim("b", "prison_max(law02_03.art52) = 1 year") +
                     claim("c", "prison_min(law02_03.art52_repeat) = 2 years") +
                     claim("d", "prison_max(law02_03.art52_repeat) = 10 years"));
  CHECK(finding_lines(r).empty());
  Lines all = instances(r);
  CHECK(std::count_if(all.begin(), all.end(), [](const std::string& s) {
          return s.rfind("aggravated-prison-no-lighter", 0) == 0;
        }) == 1);
}

TEST_CASE("the entity relations made once for a run ground what ground() finds on its own", "[ground][aggravation]") {
  CheckRun r = check(claim("base-max", "prison_max(law02_03.art52) = 5 years") +
                     claim("base-min", "prison_min(law02_03.art52) = 2 years") +
                     claim("repeat-max", "prison_max(law02_03.art52_repeat) = 10 years") +
                     claim("repeat-min", "prison_min(law02_03.art52_repeat) = 6 months") +
                     claim("imposed", "fine_imposed_min(law02_03, 2006) = 5000 MAD") +
                     claim("fine-min", "fine_min(law02_03.art52) = 3000 MAD") +
                     claim("fine-max", "fine_max(law02_03.art52) = 10000 MAD"));
  EntityRelations relations = entity_relations(r.vocabulary);
  CHECK(relations.aggravated_by.at("law02_03.art52") == std::set<std::string>{"law02_03.art52_repeat"});
  CHECK(relations.descendants.at("law02_03").count("law02_03.art52") == 1);
  CHECK(relations.descendants.count("law02_03.art52_repeat") == 0);  // part of something, whole of nothing

  Diagnostics diags;
  std::vector<ParsedRule> rules = parse_rules(r.vocabulary, diags);
  REQUIRE_FALSE(diags.has_errors());
  CheckRun given = r;
  given.result.problem = ground(r.result.claims, r.result.documents, r.vocabulary, rules, 1, &relations);
  CHECK(instances(given) == instances(r));
  Lines all = instances(r);
  CHECK(std::count_if(all.begin(), all.end(), [](const std::string& s) { return s.rfind("aggravated-prison-no-lighter", 0) == 0; }) == 1);
  CHECK(std::count_if(all.begin(), all.end(), [](const std::string& s) { return s.rfind("fine-min-within-statute", 0) == 0; }) == 1);

  // Relations that leave out what is part of the law: 'any ?article part_of ?law' binds no
  // article, so the relations given are the ones used.
  EntityRelations without = relations;
  without.descendants.clear();
  given.result.problem = ground(r.result.claims, r.result.documents, r.vocabulary, rules, 1, &without);
  Lines fewer = instances(given);
  CHECK(std::count_if(fewer.begin(), fewer.end(), [](const std::string& s) { return s.rfind("fine-min-within-statute", 0) == 0; }) == 0);
  CHECK(fewer.size() == all.size() - 1);
}

TEST_CASE("an instance reached twice is grounded once, and x <= x not at all", "[ground][instances]") {
  // part_of is reflexive, so the first rule also binds ?article and ?law to one statute; the
  // second rule's match binds ?other twice (Art. 52 and Art. 53) to the same instance.
  std::string pack = kPack +
                     "  - id: article-within-law\n    kind: constraint\n    description: t\n"
                     "    where: [\"?article part_of ?law\"]\n"
                     "    require: prison_max(?article) <= prison_max(?law)\n"
                     "  - id: art52-within-law\n    kind: constraint\n    description: t\n"
                     "    match: [\"prison_min(?other)\"]\n"
                     "    require: prison_max(law02_03.art52) <= prison_max(law02_03)\n";
  CheckRun r = check(claim("law", "prison_max(law02_03) = 10 years") + claim("art52", "prison_max(law02_03.art52) = 5 years") +
                         claim("art52-min", "prison_min(law02_03.art52) = 1 year") +
                         claim("art53-min", "prison_min(law02_03.art53) = 1 year"),
                     pack);
  Lines rules;
  for (const auto& line : instances(r))
    if (line.find("within-law") != std::string::npos) rules.push_back(line);
  CHECK(rules == Lines{"article-within-law: prison_max(law02_03.art52) <= prison_max(law02_03)",
                       "art52-within-law: prison_max(law02_03.art52) <= prison_max(law02_03)"});
}

// ================================================================ implication

TEST_CASE("implication: orchestrated implies involved", "[ground][implication]") {
  std::string orchestrated = claim("gom", "orchestrated(Polisario, migrant_smuggling, Western_Sahara, 2006)");
  CheckRun ok = check(orchestrated + claim("un", "involved(Polisario, migrant_smuggling, Western_Sahara, 2006)"));
  CHECK(instances(ok) == Lines{"orchestrated-implies-involved: orchestrated(Polisario, migrant_smuggling, Western_Sahara, 2006) "
                               "-> involved(Polisario, migrant_smuggling, Western_Sahara, 2006)"});
  CHECK(finding_lines(ok).empty());

  CheckRun bad = check(orchestrated + claim("un", "not involved(Polisario, migrant_smuggling, Western_Sahara, 2006)",
                                            "    modality: no_evidence\n"));
  CHECK(finding_lines(bad) == Lines{"contradiction DOC/gom DOC/un | orchestrated-implies-involved"});
}

TEST_CASE("implication: only matching arguments are joined", "[ground][implication]") {
  CheckRun r = check(claim("gom", "orchestrated(Polisario, migrant_smuggling, Western_Sahara, 2006)") +
                     claim("un", "not involved(Polisario, migrant_smuggling, Western_Sahara, 2005)"));
  CHECK(instances(r).empty());
  CHECK(finding_lines(r).empty());
  CHECK(r.result.components.size() == 2);
}

// ---- check --stream's first pass: keys interned block by block ----

TEST_CASE("stated keys interned in blocks get ground()'s variables, and ground_keys joins them as its instances do",
          "[ground][stream]") {
  bench::CorpusOptions options;
  options.claims = 3000;
  options.seed = 11;
  SyntheticCorpus corpus(options);
  CheckRun whole = corpus.check(1);
  INFO(whole.diagnostics.render());
  REQUIRE(whole.ok());
  const GroundProblem& problem = whole.result.problem;

  std::vector<Claim> claims = whole.result.claims;
  StatedKeys keys;
  std::vector<int> vars;
  for (std::size_t first = 0, block = 0; first < claims.size(); first += 700, ++block) {
    std::vector<Claim> some(claims.begin() + static_cast<std::ptrdiff_t>(first),
                            claims.begin() + static_cast<std::ptrdiff_t>(std::min(claims.size(), first + 700)));
    std::vector<int> got = keys.intern(some, block % 2 == 0 ? 1 : 2);
    vars.insert(vars.end(), got.begin(), got.end());
  }
  std::vector<int> expected_vars;
  for (const auto& atom : problem.atoms) expected_vars.push_back(atom.var);
  CHECK(vars == expected_vars);
  // A table given room first (as the first pass does from the corpus's size) numbers them alike.
  StatedKeys roomy;
  roomy.reserve(50000);
  std::vector<Claim> all = claims;
  CHECK(roomy.intern(all, 2) == expected_vars);
  CHECK(roomy.size() == keys.size());
  std::size_t stated = static_cast<std::size_t>(*std::max_element(vars.begin(), vars.end())) + 1;
  CHECK(keys.size() == stated);

  // Instances bound to one claim join nothing; the rest, as sets of variables.
  std::set<std::vector<int>> expected;
  for (const auto& inst : problem.instances)
    if (!inst.claim) expected.insert(inst.vars);
  REQUIRE(expected.size() > 100);
  Diagnostics diags;
  std::vector<ParsedRule> rules = parse_rules(whole.vocabulary, diags);
  REQUIRE_FALSE(diags.has_errors());
  std::set<std::vector<int>> joined;
  std::size_t variables = ground_keys(std::move(keys), whole.result.documents, whole.vocabulary, rules, 2,
                                      [&](const std::vector<int>& v) { joined.insert(v); });
  CHECK(variables == problem.variables.size());
  CHECK(joined == expected);
}

// ---- the key table ----

TEST_CASE("keys interned shard by shard are numbered in order of first statement, each unit its own variable",
          "[ground][keys]") {
  // A hundred keys, some stated twice and out of year order, so their hashes fall in many of the
  // table's shards; and one plain key in two currencies. Claims go in id order.
  std::string claims;
  int n = 0;
  auto add = [&](const std::string& fact) { claims += claim(fmt::format("c{:03}", n++), fact); };
  for (int k = 0; k < 100; ++k) {
    int year = 1900 + (k * 37) % 100;
    add(fmt::format("rings(Morocco, {}) = {}", year, k + 1));
    if (k % 3 == 0) add(fmt::format("rings(Morocco, {}) = {}", year, k + 1));
    if (k == 40) add("fine_min(Morocco) = 30 USD");
    if (k == 60) add("fine_min(Morocco) = 200 MAD");
    if (k == 80) add("fine_min(Morocco) = 31 USD");
  }
  auto numbering = [&](unsigned threads) {
    SolveOptions options;
    options.threads = threads;
    CheckRun r = run_claims(claims, kPack, options);
    INFO(r.diagnostics.render());
    REQUIRE(r.ok());
    const GroundProblem& problem = r.result.problem;
    std::vector<std::string> firsts;  // each variable's key, in the order atoms state them first
    std::set<int> seen;
    for (std::size_t c = 0; c < problem.claim_count(); ++c)
      for (std::size_t a = 0; a < problem.atoms_of(static_cast<int>(c)).size(); ++a) {
        int var = problem.atoms_of(static_cast<int>(c))[a].var;
        const Key& key = r.result.claims[c].atoms[a].key;
        CHECK(problem.variables[static_cast<std::size_t>(var)].key.text() == key.text());
        if (seen.insert(var).second) {
          CHECK(var == static_cast<int>(firsts.size()));
          firsts.push_back(key.text());
        }
      }
    return firsts;
  };
  std::vector<std::string> firsts = numbering(1);
  REQUIRE(firsts.size() == 102);
  CHECK(firsts[0] == "rings(Morocco, 1900)");
  CHECK(firsts[1] == "rings(Morocco, 1937)");
  CHECK(firsts[41] == "fine_min(Morocco) [USD]");
  CHECK(firsts[62] == "fine_min(Morocco) [MAD]");
  CHECK(firsts[101] == "rings(Morocco, 1963)");
  CHECK(numbering(2) == firsts);
  CHECK(numbering(8) == firsts);
}

TEST_CASE("the key table tells keys apart by name and arguments when their hashes collide", "[ground][keys]") {
  std::vector<Variable> vars;
  KeyTable table(vars);
  auto key = [](std::string name, std::vector<std::string> args, std::string unit = "") {
    Key k;
    k.name = std::move(name);
    k.args = std::move(args);
    k.unit = std::move(unit);
    return k;
  };
  // Texts alike but arguments not ("a, b" is one argument), and a second unit of one plain key.
  std::vector<Key> keys = {key("f", {"a, b", "c"}), key("f", {"a", "b, c"}), key("g", {"a, b", "c"}),
                           key("f", {"a, b", "c"}, "USD"), key("f", {"a, b", "c"}, "EUR")};
  auto key_of = [&](int var) -> const Key& { return vars[static_cast<std::size_t>(var)].key; };
  for (std::size_t round = 0; round < 2; ++round)
    for (std::size_t k = 0; k < keys.size(); ++k) {
      INFO("round " << round << ", key " << k);
      // Every key gets the same hash, so each lookup walks past the others.
      auto [var, fresh] = table.add(keys[k], 42, key_of);
      CHECK(var == static_cast<int>(k));
      CHECK(fresh == (round == 0));
      if (fresh) vars[static_cast<std::size_t>(var)] = {keys[k], ValueType::count};
    }
  // Enough keys to make the table grow while they collide in groups.
  for (int k = 0; k < 300; ++k) {
    auto [var, fresh] = table.add(key("h", {std::to_string(k)}), static_cast<std::size_t>(k % 7), key_of);
    REQUIRE(fresh);
    vars[static_cast<std::size_t>(var)] = {key("h", {std::to_string(k)}), ValueType::count};
  }
  for (int k = 0; k < 300; ++k) CHECK(table.add(key("h", {std::to_string(k)}), static_cast<std::size_t>(k % 7), key_of).first == k + 5);
  // Looked up by the keys' own hashes.
  CHECK(table.intern(key("m", {"x, y", "z"}, "USD"), ValueType::money) == 305);
  CHECK(table.intern(key("m", {"x", "y, z"}), ValueType::count) == 306);
  CHECK(table.intern(key("m", {"x, y", "z"}, "EUR"), ValueType::money) == 307);
  CHECK(table.intern(key("m", {"x, y", "z"}, "USD"), ValueType::money) == 305);
  const KeyTable::Units* units = table.find_plain(key("m", {"x, y", "z"}));
  REQUIRE(units);
  CHECK(*units == KeyTable::Units{{"EUR", 307}, {"USD", 305}});
  CHECK(table.find_plain(key("m", {"x", "y", "z"})) == nullptr);
  CHECK(vars[306].key.args == std::vector<std::string>{"x", "y, z"});
  CHECK(table.by_name["f"] == std::vector<int>{0, 1, 3, 4});
}
