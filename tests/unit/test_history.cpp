// The run history: findings marked new or persisting, resolved ones listed, across three runs;
// the listing and diff; files that are not a history.
#include <catch2/catch.hpp>

#include "history/history.hpp"
#include "report/report.hpp"
#include "support.hpp"

using namespace claimcheck;
using namespace claimcheck::testing;

namespace {

std::string year_conflict(const std::string& year) {
  return claim_by("lo" + year, "Morocco", "rings(Morocco, " + year + ") > 350") +
         claim_by("hi" + year, "Morocco", "rings(Morocco, " + year + ") < 300");
}

CheckResult result_of(const std::string& claims) {
  CheckRun r = run({{"set.yaml", claim_set(claims)}}, test_vocabulary());
  REQUIRE(r.ok());
  return r.result;
}

std::vector<std::string> marks(const CheckResult& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings) out.push_back(f.since);
  return out;
}

}  // namespace

TEST_CASE("history: new, persisting and resolved findings across three runs of one scope", "[history]") {
  TempDir dir;
  std::string path = dir.path() + "/h.sqlite";
  CheckResult first = result_of(year_conflict("2006") + year_conflict("2007"));
  REQUIRE_FALSE(record_run(path, "scope", first));
  CHECK(marks(first) == std::vector<std::string>{"new", "new"});
  CHECK(first.history.run == 1);
  CHECK(first.history.previous_run == 0);

  CheckResult second = result_of(year_conflict("2006") + year_conflict("2008"));
  // Another scope in between must not count as the previous run.
  CheckResult other = result_of(year_conflict("2009"));
  REQUIRE_FALSE(record_run(path, "another scope", other));
  REQUIRE_FALSE(record_run(path, "scope", second));
  CHECK(second.history.run == 3);
  CHECK(second.history.previous_run == 1);
  CHECK(marks(second) == std::vector<std::string>{"persisting", "new"});
  REQUIRE(second.history.resolved.size() == 1);
  CHECK(second.history.resolved[0].claims == "DOC/hi2007, DOC/lo2007");
  CHECK(second.history.resolved[0].rules == "agreement");
  CHECK(second.history.resolved[0].fingerprint == first.findings[1].fingerprint);

  // Every format carries the marks: SARIF's baselineState (resolved ones as absent results), the
  // JSON history and since, a CSV column, the Markdown summary and headings.
  CheckRun for_vocabulary = run({{"set.yaml", claim_set(year_conflict("2006"))}}, test_vocabulary());
  const Vocabulary& vocab = for_vocabulary.vocabulary;
  std::string sarif = sarif_report(second, vocab);
  CHECK(sarif.find("\"baselineState\": \"unchanged\"") != std::string::npos);
  CHECK(sarif.find("\"baselineState\": \"new\"") != std::string::npos);
  CHECK(sarif.find("\"baselineState\": \"absent\"") != std::string::npos);
  std::string json = json_report(second, vocab);
  CHECK(json.find("\"since\": \"persisting\"") != std::string::npos);
  CHECK(json.find("\"previous_run\": 1,\n    \"new\": 1,\n    \"persisting\": 1,") != std::string::npos);
  CHECK(csv_report(second, vocab).find(",new\r\n") != std::string::npos);
  std::string md = markdown_report(second, vocab);
  CHECK(md.find(". Since run 1, the previous run of these claim sets: 1 new, 1 persisting, 1 resolved.\n") !=
        std::string::npos);
  CHECK(md.find("- `" + first.findings[1].fingerprint + "` contradiction by agreement: DOC/hi2007, DOC/lo2007\n") !=
        std::string::npos);

  CheckResult third = result_of(year_conflict("2008"));
  REQUIRE_FALSE(record_run(path, "scope", third));
  CHECK(marks(third) == std::vector<std::string>{"persisting"});
  REQUIRE(third.history.resolved.size() == 1);
  CHECK(third.history.resolved[0].claims == "DOC/hi2006, DOC/lo2006");

  std::string error;
  auto runs = read_history(path, error);
  REQUIRE(runs);
  REQUIRE(runs->size() == 4);
  CHECK((*runs)[0].findings.size() == 2);
  CHECK((*runs)[1].scope == "another scope");
  auto diff = history_diff(*runs, 1, 4, error);
  REQUIRE(diff);
  CHECK(first_line(*diff) == "run 1 -> run 4: 1 new, 0 persisting, 2 resolved");
  CHECK_FALSE(history_diff(*runs, 1, 5, error));
  CHECK(error == "no run 5 in this history (it has runs 1..4)");
}

TEST_CASE("history: a missing file, a file that is not SQLite, and a report with history marks", "[history]") {
  TempDir dir;
  std::string error;
  CHECK_FALSE(read_history(dir.path() + "/none.sqlite", error));
  CHECK(error == dir.path() + "/none.sqlite: no such history file");
  std::string text_file = dir.write("notes.sqlite", "these are notes, not a database\n");
  CHECK_FALSE(read_history(text_file, error));
  CHECK(error == text_file + ": the history is damaged or not SQLite: file is not a database");
  CheckResult r = result_of(year_conflict("2006"));
  CHECK(record_run(text_file, "scope", r) == std::optional<std::string>("file is not a database"));
  CHECK(r.history.file.empty());
  CHECK(marks(r) == std::vector<std::string>{""});
  CHECK(default_history_path({dir.path()}) == dir.path() + "/claimcheck-history.sqlite");
  CHECK(default_history_path({text_file}) == dir.path() + "/claimcheck-history.sqlite");
}
