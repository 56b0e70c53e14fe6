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
  REQUIRE(a1.value);
  CHECK(a1.value.get().text == "12.50");  // as written, not a double
  CHECK(a1.value.get().loc.line == 4);
  CHECK(sets[1].claims[1].value.get().text == "more than 350");
  CHECK_FALSE(sets[0].claims[0].value);  // b1 states its value in the fact
  CHECK(a1.document == "A");
  CHECK(a1.fact_loc.line == 4);
  CHECK(a1.fact_loc.col == 98);  // the first character of the fact text, past its quote
  const RawClaim& a2 = sets[1].claims[1];
  CHECK(a2.modality == Modality::estimates);
  CHECK(a2.extras.get().related == std::vector<std::string>{"a1"});
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

TEST_CASE("columns after text values holding escaped quotes and backslashes are exact", "[jsonl]") {
  // The quote holds \" (an escaped quote), \\ (a backslash) and ends in \\ (a backslash just
  // before the closing quote); the note holds \\\" (a backslash, then an escaped quote).
  auto line = [](const std::string& id, const std::string& tense) {
    return R"({"claim": {"document": "D", "id": ")" + id + R"(", "said_by": "Morocco", "at": "p1", )" +
           R"("quote": "He said \"more\" \\ again \\", "note": "x\\\"y", "tense": )" + tense + ", " +
           R"("fact": "cases_prosecuted(Morocco, 2006) > 350"}})" + "\n";
  };
  std::string wrong = line("c1", "3"), right = line("c2", "\"past\"");
  Diagnostics diags;
  auto sets = parse_claim_lines("c.jsonl", "{\"document\": {\"id\": \"D\", \"published\": \"2007-03-07\"}}\n" + wrong + right, diags);
  REQUIRE(diags.errors().size() == 1);
  CHECK(to_string(diags.errors()[0].loc) == "c.jsonl:2:" + std::to_string(wrong.find("3, ") + 1));
  CHECK(diags.errors()[0].message == "expected a tense as a text value, found a number");
  REQUIRE(sets.size() == 1);
  REQUIRE(sets[0].claims.size() == 1);
  CHECK(sets[0].claims[0].quote == "He said \"more\" \\ again \\");
  CHECK(sets[0].claims[0].extras.get().note == "x\\\"y");
  CHECK(sets[0].claims[0].fact_loc.line == 3);
  CHECK(sets[0].claims[0].fact_loc.col == static_cast<int>(right.find("cases_prosecuted") + 1));
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

TEST_CASE("lines parsed on several threads give the sets and errors of one thread, in line order", "[jsonl]") {
  // 9,000 lines: more than two blocks of 4,096, so documents and the claims naming them fall in
  // different blocks and in different threads' shares of a block.
  std::string text;
  int documents = 0;
  for (int k = 0; k < 9000; ++k) {
    std::string doc = "D" + std::to_string(k / 50);
    if (k % 50 == 0) {
      text += "{\"document\": {\"id\": \"" + doc + "\", \"published\": \"2007-03-07\"}}\n";
      ++documents;
    } else if (k % 997 == 0) {
      text += claim_line("NOWHERE", "x", kRings + " > 3", R"(, "tense": 3)");  // unknown document, before the tense error
    } else if (k % 1009 == 0) {
      text += claim_line(doc, "c" + std::to_string(k - 1), kRings + " > 3");  // the id of the line before
    } else if (k % 1013 == 0) {
      text += "{\"claim\": \n";
    } else if (k % 2048 == 0) {
      text += std::string(300, ' ') + "\n";  // past --max-file-size below
    } else if (k == 4040) {
      text += claim_line(doc, "c4001", kRings + " > 3");  // the document's first id, after its ids are hashed
    } else if (k == 4501) {
      text += "{\"document\": {\"id\": \"D0\", \"published\": \"2007-03-07\"}}\n";
    } else {
      text += claim_line(doc, "c" + std::to_string(k), kRings + " > " + std::to_string(k));
    }
  }
  InputLimits limits;
  limits.max_file_bytes = 250;
  auto read = [&](unsigned threads) {
    Diagnostics diags;
    auto sets = parse_claim_lines("c.jsonl", text, diags, limits, threads);
    std::vector<std::string> out;
    for (const auto& e : diags.errors()) out.push_back(to_string(e.loc) + " " + e.message);
    for (const auto& set : sets)
      for (const auto& c : set.claims) out.push_back(set.document.id + "/" + c.id + " line " + std::to_string(c.loc.line));
    return out;
  };
  auto one = read(1);
  CHECK(read(2) == one);
  CHECK(read(3) == one);
  REQUIRE(one.size() > 13);
  CHECK(one[0] == "c.jsonl:998:24 unknown document 'NOWHERE'; a {\"document\": ...} record declares it, on a line before "
                  "its claims");
  CHECK(one[1] == "c.jsonl:998:150 expected a tense as a text value, found a number");
  CHECK(one[2] == "c.jsonl:1010:11 duplicate claim id 'c1008' in document 'D20' (first at line 1009)");
  CHECK(one[3] == "c.jsonl:1014:1 not valid JSON (The JSON document has an improper structure: missing or superfluous "
                  "commas, braces, missing keys, etc.)");
  CHECK(one[8] == "c.jsonl:2049:1 the line is longer than 250 bytes (--max-file-size applies to each line)");
  // Past the 32nd claim of its document, whose ids are hashed by then.
  CHECK(one[15] == "c.jsonl:4037:11 duplicate claim id 'c4035' in document 'D80' (first at line 4036)");
  CHECK(one[16] == "c.jsonl:4041:11 duplicate claim id 'c4001' in document 'D80' (first at line 4002)");
  CHECK(one[18] == "c.jsonl:4097:1 the line is longer than 250 bytes (--max-file-size applies to each line)");
  CHECK(one[19] == "c.jsonl:4502:14 duplicate document 'D0' (first at line 1)");
  CHECK(documents == 180);
}

TEST_CASE("a claim whose document is an empty text is an error, not dropped", "[jsonl]") {
  std::string doc = "{\"document\": {\"id\": \"D\", \"published\": \"2007-03-07\"}}\n";
  Diagnostics diags;
  auto sets = parse_claim_lines("c.jsonl", doc + claim_line("", "c1", kRings + " > 3") + claim_line("D", "c2", kRings + " > 3"), diags);
  REQUIRE(diags.errors().size() == 1);
  CHECK(to_string(diags.errors()[0].loc) == "c.jsonl:2:24");
  CHECK(diags.errors()[0].message ==
        "unknown document ''; a {\"document\": ...} record declares it, on a line before its claims");
  REQUIRE(sets.size() == 1);
  CHECK(sets[0].claims.size() == 1);
}

TEST_CASE("a document whose id is an empty text is an error, not dropped", "[jsonl]") {
  Diagnostics diags;
  parse_claim_lines("c.jsonl", "{\"document\": {\"id\": \"\", \"published\": \"2007-03-07\"}}\n", diags);
  REQUIRE(diags.errors().size() == 1);
  CHECK(to_string(diags.errors()[0].loc) == "c.jsonl:1:21");
  CHECK(diags.errors()[0].message == "expected a document id, found an empty text");
}
