// JSON Lines corpora: records grouped by document, values exact, errors at their columns.
#include <catch2/catch.hpp>

#include "load/loaders.hpp"
#include "support.hpp"

using namespace claimcheck;
using namespace claimcheck::testing;

namespace {

const std::string kRings = "cases_prosecuted(Morocco, 2006)";

std::string claim_line(const std::string& document, const std::string& id, const std::string& fact,
                       const std::string& extra = "") {
  return R"({"claim": {"document": ")" + document + R"(", "id": ")" + id +
         R"(", "said_by": "Morocco", "at": "p1", "quote": "q", "fact": ")" + fact + "\"" + extra + "}}\n";
}

}  // namespace

TEST_CASE("JSON Lines records group into one claim set per document, in the order documents appear", "[jsonl]") {
  std::string text = "{\"document\": {\"id\": \"B\", \"published\": \"2007-03-07\", \"covers\": \"2006\"}}\r\n"
                     "\n"
                     "{\"document\": {\"id\": \"A\", \"published\": \"2008-01-01\"}}\n" +
                     claim_line("A", "a1", kRings, R"(, "value": 12.50)") + claim_line("B", "b1", kRings + " > 350") +
                     claim_line("A", "a2", kRings, R"(, "value": "more than 350", "modality": "estimates", "related": ["a1"])");
  Diagnostics diags;
  auto sets = parse_claim_lines("corpus.jsonl", text, diags);
  REQUIRE_FALSE(diags.has_errors());
  REQUIRE(sets.size() == 2);
  CHECK(sets[0].document.id == "B");
  CHECK(sets[0].document.covers.has_value());
  CHECK(sets[0].document.loc.line == 1);
  REQUIRE(sets[1].claims.size() == 2);
  const RawClaim& a1 = sets[1].claims[0];
  CHECK(a1.value == std::optional<std::string>("12.50"));  // as written, not a double
  CHECK(a1.document == "A");
  CHECK(a1.fact_loc.line == 4);
  CHECK(a1.fact_loc.col == 98);  // the first character of the fact text, past its quote
  const RawClaim& a2 = sets[1].claims[1];
  CHECK(a2.modality == Modality::estimates);
  CHECK(a2.related == std::vector<std::string>{"a1"});
  CHECK(a2.loc.line == 6);
  CHECK(sets[0].claims.size() == 1);
}

TEST_CASE("a JSON Lines corpus gives the findings of the same claims written as YAML", "[jsonl]") {
  std::string yaml = claim_set("  - {id: low, said_by: Morocco, at: p1, quote: q, fact: \"" + kRings +
                               " > 350\"}\n  - {id: high, said_by: Morocco, at: p2, quote: q, fact: \"" + kRings +
                               " = 80\"}\n");
  std::string lines = "{\"document\": {\"id\": \"DOC\", \"published\": \"2007-03-07\"}}\n" +
                      claim_line("DOC", "low", kRings + " > 350") + claim_line("DOC", "high", kRings, R"(, "value": 80)");
  CheckRun from_yaml = run({{"set.yaml", yaml}});
  CheckRun from_lines = run({{"set.jsonl", lines}});
  INFO(from_lines.diagnostics.render());
  REQUIRE(from_lines.ok());
  CHECK(finding_lines(from_lines) == std::vector<std::string>{"contradiction DOC/high DOC/low | agreement"});
  CHECK(finding_lines(from_lines) == finding_lines(from_yaml));
}

TEST_CASE("errors in a JSON Lines file on disk show their line, read back from the file", "[jsonl]") {
  TempDir dir;
  std::string path = dir.write("corpus.jsonl", "{\"document\": {\"id\": \"D\", \"published\": \"2007-03-07\"}}\n" +
                                                   claim_line("D", "c1", kRings + " > 350") +
                                                   claim_line("D", "c2", kRings, R"(, "tense": 3)"));
  Diagnostics diags;
  load_claim_lines(path, diags);
  std::string shown = diags.render();
  std::string place = path + ":3:";
  INFO(shown);
  CHECK(shown.find(place + "141: error: expected a tense as a text value, found a number\n") != std::string::npos);
  CHECK(shown.find("\n    {\"claim\": {\"document\": \"D\", \"id\": \"c2\"") != std::string::npos);
  CHECK(shown.find(std::string(4 + 140, ' ') + "^\n") != std::string::npos);
}

TEST_CASE("a claim before its document's record, and a document declared twice, are errors", "[jsonl]") {
  std::string doc = "{\"document\": {\"id\": \"D\", \"published\": \"2007-03-07\"}}\n";
  Diagnostics diags;
  auto sets = parse_claim_lines("c.jsonl", claim_line("D", "c1", kRings + " > 3") + doc + doc, diags);
  REQUIRE(diags.errors().size() == 2);
  CHECK(to_string(diags.errors()[0].loc) == "c.jsonl:1:24");
  CHECK(diags.errors()[0].message ==
        "unknown document 'D'; a {\"document\": ...} record declares it, on a line before its claims");
  CHECK(to_string(diags.errors()[1].loc) == "c.jsonl:3:14");
  CHECK(diags.errors()[1].message == "duplicate document 'D' (first at line 2)");
}
