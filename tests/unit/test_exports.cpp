// SARIF 2.1.0 and CSV exports: the structure SARIF requires, locations that point at the claims,
// fingerprints carried over, and CSV that parses back to the same fields.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <set>

#include "report/report.hpp"
#include "support.hpp"

using namespace claimcheck;
using namespace claimcheck::testing;
using nlohmann::json;

namespace {

const CheckRun& seeds() {
  static const CheckRun run = [] {
    CheckRequest request;
    request.inputs = {std::string(CLAIMCHECK_SOURCE_DIR) + "/claims"};
    request.rules_dir = std::string(CLAIMCHECK_SOURCE_DIR) + "/rules";
    request.suppressions_file = std::string(CLAIMCHECK_SOURCE_DIR) + "/reviews/suppressions.yaml";
    return run_check(request);
  }();
  return run;
}

// RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += '"', ++i;
      else if (c == '"') quoted = false;
      else field += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(field), field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      rows.back().push_back(field), field.clear();
      rows.emplace_back();
      ++i;
    } else {
      field += c;
    }
  }
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

}  // namespace

TEST_CASE("SARIF: the structure 2.1.0 requires, one result per finding", "[report][sarif]") {
  const CheckRun& r = seeds();
  REQUIRE(r.ok());
  json sarif = json::parse(sarif_report(r.result, r.vocabulary));
  CHECK(sarif["version"] == "2.1.0");
  CHECK(sarif["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json");
  REQUIRE(sarif["runs"].size() == 1);
  const json& run = sarif["runs"][0];
  CHECK(run["tool"]["driver"]["name"] == "claimcheck");
  const json& rules = run["tool"]["driver"]["rules"];
  const json& results = run["results"];
  REQUIRE(results.size() == r.result.findings.size());
  REQUIRE(results.size() == 12);
  for (std::size_t k = 0; k < results.size(); ++k) {
    const json& result = results[k];
    const Finding& f = r.result.findings[k];
    INFO(f.fingerprint);
    // ruleIndex points at the rule with the result's ruleId.
    REQUIRE(result["ruleIndex"].get<std::size_t>() < rules.size());
    CHECK(rules[result["ruleIndex"].get<std::size_t>()]["id"] == result["ruleId"]);
    CHECK(std::find(f.rule_ids.begin(), f.rule_ids.end(), result["ruleId"].get<std::string>()) != f.rule_ids.end());
    CHECK(result["level"] == (f.kind == FindingKind::contradiction ? "error" : "warning"));
    CHECK(!result["message"]["text"].get<std::string>().empty());
    CHECK(result["partialFingerprints"]["claimcheckFingerprint/v1"] == f.fingerprint);
    // The first claim is the location, the others related locations, each at the claim's line.
    const Claim& first = r.result.claims[f.claims[0]];
    const json& physical = result["locations"][0]["physicalLocation"];
    CHECK(physical["artifactLocation"]["uri"].get<std::string>().find("claims/") != std::string::npos);
    CHECK(physical["region"]["startLine"] == first.raw.loc.line);
    CHECK(physical["region"]["startColumn"] == first.raw.loc.col);
    std::size_t related = result.contains("relatedLocations") ? result["relatedLocations"].size() : 0;
    CHECK(related + 1 == f.claims.size());
  }
  for (const auto& rule : rules) CHECK(!rule["fullDescription"]["text"].get<std::string>().empty());
}

TEST_CASE("SARIF: caveats are notes and undecided components warnings under their own rule", "[report][sarif]") {
  std::string claims = claim("a", "rings(Morocco, 2006) > 350") + claim("b", "rings(Morocco, 2006) < 300");
  SolveOptions tiny;
  tiny.rlimit = 1;
  tiny.witness_check = false;  // Z3 alone, which the tiny limit leaves undecided
  CheckRun r = run_claims(claims, test_vocabulary(), tiny);
  REQUIRE(r.ok());
  json sarif = json::parse(sarif_report(r.result, r.vocabulary));
  const json& result = sarif["runs"][0]["results"][0];
  CHECK(result["ruleId"] == "undecided");
  CHECK(result["level"] == "warning");
  CHECK(sarif["runs"][0]["tool"]["driver"]["rules"][0]["id"] == "undecided");
}

TEST_CASE("CSV: one row per finding that parses back to its fields", "[report][csv]") {
  const CheckRun& r = seeds();
  REQUIRE(r.ok());
  auto rows = parse_csv(csv_report(r.result, r.vocabulary));
  REQUIRE(rows.size() == r.result.findings.size() + 1);
  CHECK(rows[0] == std::vector<std::string>{"fingerprint", "kind", "component", "rules", "claims", "sources",
                                            "locations", "quotes", "numbers", "caveats", "suppressed", "since"});
  for (std::size_t k = 0; k < r.result.findings.size(); ++k) {
    const Finding& f = r.result.findings[k];
    const auto& row = rows[k + 1];
    REQUIRE(row.size() == 12);
    CHECK(row[0] == f.fingerprint);
    CHECK(row[1] == to_string(f.kind));
    CHECK(row[2] == std::to_string(f.component));
    std::string quotes;
    for (int c : f.claims) quotes += (quotes.empty() ? "" : "\n") + r.result.claims[c].raw.quote;
    CHECK(row[7] == quotes);
    CHECK(row[10] == (f.suppressed ? suppression_note(*f.suppressed) : ""));
    CHECK(row[11] == "");  // no history in this run
  }
  CHECK(rows[3][10] == "accepted as known by claimcheck curators on 2026-12-02: The cable converts 25,000 and 30,000 MAD "
                       "to dollars one by one and rounds each result; the implied rates differ only at their rounding. "
                       "A rounding artefact, not a discrepancy a reader needs.");
}

TEST_CASE("SARIF: a suppressed finding carries an accepted external suppression", "[report][sarif]") {
  const CheckRun& r = seeds();
  REQUIRE(r.ok());
  json sarif = json::parse(sarif_report(r.result, r.vocabulary));
  int suppressed = 0;
  for (const json& result : sarif["runs"][0]["results"]) {
    if (!result.contains("suppressions")) continue;
    ++suppressed;
    REQUIRE(result["suppressions"].size() == 1);
    CHECK(result["suppressions"][0]["kind"] == "external");
    CHECK(result["suppressions"][0]["status"] == "accepted");
    CHECK(result["suppressions"][0]["properties"]["by"] == "claimcheck curators");
  }
  CHECK(suppressed == 5);
}

TEST_CASE("HTML: text from claim sets is escaped, so a quote cannot inject markup", "[report][html]") {
  std::string set = claim_set(claim_by("a", "Morocco", "rings(Morocco, 2006) > 350") +
                              claim_by("b", "Morocco", "rings(Morocco, 2006) < 300"));
  std::string::size_type at = set.find("quote: q");
  set.replace(at, 8, "quote: '<script>alert(\"x\")</script> & <b>'");
  CheckRun r = run({{"set.yaml", set}}, test_vocabulary());
  REQUIRE(r.ok());
  std::string html = html_report(r.result, r.vocabulary);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<mark>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;</mark>") != std::string::npos);
  CHECK(html.find("default-src 'none'") != std::string::npos);
  std::size_t sections = 0;
  for (std::size_t from = 0; (from = html.find("<section class=\"finding", from)) != std::string::npos; ++from) ++sections;
  CHECK(sections == r.result.findings.size());
}

TEST_CASE("CSV: quotes, commas and line breaks are quoted as RFC 4180 says", "[report][csv]") {
  std::string claims = claim_by("a", "Morocco", "rings(Morocco, 2006) > 350", "    note: n\n") +
                       claim_by("b", "Morocco", "rings(Morocco, 2006) < 300");
  std::string set = claim_set(claims);
  // A quote with a comma and a double quote in it.
  std::string::size_type at = set.find("quote: q");
  set.replace(at, 8, "quote: 'he said \"350, at least\"'");
  CheckRun r = run({{"set.yaml", set}}, test_vocabulary());
  REQUIRE(r.ok());
  std::string csv = csv_report(r.result, r.vocabulary);
  CHECK(csv.find("\"he said \"\"350, at least\"\"\nq\"") != std::string::npos);
  auto rows = parse_csv(csv);
  REQUIRE(rows.size() == 2);
  CHECK(rows[1][7] == "he said \"350, at least\"\nq");
}

TEST_CASE("ClaimReview draft: a Claim and a review skeleton for every disputed claim, the rating left empty",
          "[report][claimreview]") {
  const CheckRun& r = seeds();
  REQUIRE(r.ok());
  json doc = json::parse(claimreview_draft(r.result, r.vocabulary));
  CHECK(doc["@context"] == "https://schema.org");
  std::set<std::string> disputed;
  for (const auto& f : r.result.findings)
    for (int c : f.claims) disputed.insert("#claim-" + r.result.claims[c].qualified_id());
  std::set<std::string> claims, reviewed;
  for (const auto& node : doc["@graph"]) {
    if (node["@type"] == "Claim") {
      claims.insert(node["@id"].get<std::string>());
      CHECK(!node["text"].get<std::string>().empty());
      CHECK((node["author"]["@type"] == "Person" || node["author"]["@type"] == "Organization"));
      CHECK(!node["author"]["name"].get<std::string>().empty());
      CHECK(node["datePublished"].get<std::string>().size() == 10);
      CHECK(node["appearance"]["@type"] == "CreativeWork");
      CHECK(!node["appearance"]["name"].get<std::string>().empty());
    } else {
      REQUIRE(node["@type"] == "ClaimReview");
      reviewed.insert(node["itemReviewed"]["@id"].get<std::string>());
      CHECK(node["reviewBody"].get<std::string>().find("(cc-") != std::string::npos);
      CHECK(node["reviewRating"]["alternateName"] == "");
      CHECK(node["author"]["name"] == "");
    }
  }
  CHECK(claims == disputed);
  CHECK(reviewed == disputed);
  CHECK(disputed.size() == 21);  // the claims of the 12 findings
}

// A claim file whose name is not UTF-8 (a Linux path may be any bytes) made the JSON report and
// `explain --format json` throw from nlohmann's dump, and the program abort. SARIF escapes it.
TEST_CASE("Reports take a claim file whose name is not UTF-8", "[report][json][sarif]") {
  CheckRun r = run({{"bad\xFF.yaml", claim_set(claim("a", "fine_min(Morocco) = 200 MAD") + claim("b", "fine_min(Morocco) = 300 MAD"))}});
  REQUIRE(r.ok());
  REQUIRE(finding_lines(r) == std::vector<std::string>{"contradiction DOC/a DOC/b | agreement"});
  const std::string shown = "bad\xEF\xBF\xBD.yaml";  // U+FFFD for the byte 0xFF
  std::string report = json_report(r.result, r.vocabulary, 2);
  CHECK(json::parse(report)["findings"][0]["claims"][0]["location"].get<std::string>().find(shown) != std::string::npos);
  CHECK(sarif_report(r.result, r.vocabulary).find("/claims/bad%FF.yaml\"") != std::string::npos);
  std::string error;
  auto explained = explain_json(r.result, r.vocabulary, r.result.findings[0].fingerprint, error);
  REQUIRE(explained);
  CHECK(explained->find(shown) != std::string::npos);
}
