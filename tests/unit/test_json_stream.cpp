// The JSON report written batch by batch (check --stream) is byte for byte the whole run's:
// batches of whole components made here by running the stages on each batch's claims alone.
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>

#include "corpus_generator.hpp"
#include "explain/explain.hpp"
#include "ground/ground.hpp"
#include "load/loaders.hpp"
#include "normalize/normalize.hpp"
#include "partition/partition.hpp"
#include "pipeline/pipeline.hpp"
#include "report/json_stream.hpp"
#include "report/report.hpp"
#include "solve/solve.hpp"
#include "support.hpp"

using namespace claimcheck;
using namespace claimcheck::testing;
namespace fs = std::filesystem;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// "" when equal, else where they part (the reports are too long to print whole).
std::string difference(const std::string& got, const std::string& want) {
  if (got == want) return "";
  std::size_t at = std::mismatch(got.begin(), got.end(), want.begin(), want.end()).first - got.begin();
  std::size_t from = at < 200 ? 0 : at - 200;
  return fmt::format("they differ at byte {} of {} (want {}):\n--- got:\n{}\n--- want:\n{}", at, got.size(),
                     want.size(), got.substr(from, 400), want.substr(from, 400));
}

CheckResult solved(std::vector<Claim> claims, const std::vector<Document>& documents, const Vocabulary& vocab,
                   const std::vector<ParsedRule>& rules) {
  CheckResult r;
  r.documents = documents;
  r.claims = std::move(claims);
  r.problem = ground(r.claims, r.documents, vocab, rules);
  r.components = partition(r.problem);
  r.outcomes = solve(r.problem, r.components, {});
  explain(r, vocab);
  return r;
}

// A run's claims and rules, checked whole and in batches the way check --stream does: the whole
// run's components taken `per_batch` at a time, each batch's claims grounded, solved and
// explained on their own.
class BatchedRun {
 public:
  BatchedRun(const std::vector<std::string>& inputs, const std::string& rules_dir) {
    vocab = load_vocabulary(rules_dir, diags);
    std::vector<RawClaimSet> sets;
    for (const auto& file : expand_paths(inputs, diags, {".yaml", ".yml", ".jsonl"})) {
      if (is_claim_lines_file(file)) {
        for (auto& set : load_claim_lines(file, diags)) sets.push_back(std::move(set));
      } else if (auto set = load_claim_set(file, diags)) {
        sets.push_back(std::move(*set));
      }
    }
    rules_ = parse_rules(vocab, diags);
    NormalizedInput input = normalize(sets, vocab, diags);
    claims_ = std::move(input.claims);
    whole = solved(claims_, input.documents, vocab, rules_);
  }

  // The report streamed to `path` from batches of `per_batch` components.
  std::string streamed(const std::string& path, std::size_t per_batch) const {
    JsonReportStream stream(path, vocab, whole.documents);
    for (std::size_t first = 0; first < whole.components.size(); first += per_batch) {
      std::size_t last = std::min(first + per_batch, whole.components.size());
      std::set<std::size_t> members;
      for (std::size_t k = first; k < last; ++k) {
        for (int c : whole.components[k].claims) members.insert(c);
        for (int c : whole.components[k].restated) members.insert(c);
      }
      std::vector<std::size_t> global_claim(members.begin(), members.end());
      std::vector<Claim> claims;
      for (std::size_t c : global_claim) claims.push_back(claims_[c]);
      CheckResult batch = solved(std::move(claims), whole.documents, vocab, rules_);
      REQUIRE(batch.components.size() == last - first);
      auto error = stream.add(batch, static_cast<int>(first) + 1, global_claim);
      INFO(error.value_or(""));
      REQUIRE_FALSE(error);
    }
    auto error = stream.finish();
    INFO(error.value_or(""));
    REQUIRE_FALSE(error);
    return read_file(path);
  }

  Diagnostics diags;
  Vocabulary vocab;
  CheckResult whole;

 private:
  std::vector<ParsedRule> rules_;
  std::vector<Claim> claims_;
};

std::string source(const std::string& relative) { return std::string(CLAIMCHECK_SOURCE_DIR) + "/" + relative; }

// What is left in a directory: the report alone, no temporary file.
std::vector<std::string> entries(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(dir)) out.push_back(entry.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("streamed in batches, the shipped claim sets and the cases give json_report's bytes", "[json-stream]") {
  std::vector<std::string> claims_dirs = {"claims"};
  for (const auto& entry : fs::directory_iterator(source("tests/cases")))
    claims_dirs.push_back("tests/cases/" + entry.path().filename().string() + "/claims");
  std::sort(claims_dirs.begin(), claims_dirs.end());
  for (const auto& dir : claims_dirs) {
    SECTION(dir) {
      BatchedRun run({source(dir)}, source("rules"));
      INFO(run.diags.render());
      REQUIRE_FALSE(run.diags.has_errors());
      REQUIRE(run.whole.history.file.empty());
      std::string want = json_report(run.whole, run.vocab);
      TempDir out;
      for (std::size_t per_batch : {std::size_t{1}, std::size_t{2}, std::size_t{3}, run.whole.components.size() + 1}) {
        INFO(per_batch << " components a batch");
        CHECK(difference(run.streamed(out.path() + "/report.json", per_batch), want) == "");
        CHECK(entries(out.path()) == std::vector<std::string>{"report.json"});
      }
    }
  }
}

TEST_CASE("streamed in batches, a synthetic corpus gives json_report's bytes", "[json-stream]") {
  bench::CorpusOptions options;
  options.claims = 1500;
  options.seed = 5;
  SyntheticCorpus corpus(options);
  const TempDir& dir = corpus.dir();
  BatchedRun run({corpus.path()}, corpus.rules_dir());
  INFO(run.diags.render());
  REQUIRE_FALSE(run.diags.has_errors());
  REQUIRE(run.whole.components.size() > 100);
  REQUIRE_FALSE(run.whole.findings.empty());
  REQUIRE_FALSE(run.whole.comparisons.empty());
  std::string want = json_report(run.whole, run.vocab);
  for (std::size_t per_batch : {1, 7, 100}) {
    INFO(per_batch << " components a batch");
    CHECK(difference(run.streamed(dir.path() + "/report.json", per_batch), want) == "");
  }
}

TEST_CASE("the JSON report in chunks: json_report's bytes, and a failed write stops it", "[report][json]") {
  bench::CorpusOptions options;
  options.claims = 12000;
  options.seed = 3;
  SyntheticCorpus corpus(options);
  CheckRun run = corpus.check(2);
  REQUIRE(run.ok());
  REQUIRE(run.result.components.size() > 4096);  // more than one chunk of components
  std::vector<std::string> pieces;
  CHECK(write_json_report(run.result, run.vocabulary, 2, [&](std::string_view piece) {
    pieces.emplace_back(piece);
    return true;
  }));
  std::string joined;
  for (const auto& piece : pieces) joined += piece;
  CHECK(joined == json_report(run.result, run.vocabulary, 1));
  // The head with the findings, the comparisons, the corroborations, two chunks of components
  // (4,096 and 761, the coverage's head before them), and the closing brackets.
  CHECK(pieces.size() == 6);
  std::size_t calls = 0;
  CHECK_FALSE(write_json_report(run.result, run.vocabulary, 2, [&](std::string_view) { return ++calls < 2; }));
  CHECK(calls == 2);  // nothing after the failed piece
}

TEST_CASE("a report copies pieces of another file, small and large, and refuses one shorter than asked", "[report]") {
  TempDir dir;
  std::string text;
  // 40 MB: a large piece is copied in stretches of 16 MiB, each handed to the disk as it is done.
  for (int k = 0; text.size() < 40000000; ++k) text += fmt::format("line {}\n", k);
  // A regular file beside the report, which the kernel copies from, and one in memory
  // (memfd_create), which another file system holds: a kernel that will not copy across file
  // systems refuses it, and it is read and written instead.
  std::string beside = dir.write("source", text);
  int regular = ::open(beside.c_str(), O_RDONLY);
  REQUIRE(regular >= 0);
  int in_memory = ::memfd_create("source", 0);
  REQUIRE(in_memory >= 0);
  REQUIRE(::write(in_memory, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
  for (int fd : {regular, in_memory}) {
    std::string path = dir.path() + "/report.json";
    AtomicFileWriter out(path);
    CHECK_FALSE(out.write("head "));
    CHECK_FALSE(out.copy_from(fd, 5, 20, "the source"));        // small: through the buffer
    CHECK_FALSE(out.write(" middle "));
    CHECK_FALSE(out.copy_from(fd, 1000, 35000000, "the source"));  // large: file to file, or in pieces
    CHECK_FALSE(out.copy_from(fd, 0, 0, "the source"));
    CHECK_FALSE(out.commit());
    CHECK(read_file(path) == "head " + text.substr(5, 20) + " middle " + text.substr(1000, 35000000));

    for (std::uint64_t left : {std::uint64_t{50}, std::uint64_t{1500000}}) {  // a small piece, a large one
      AtomicFileWriter past(dir.path() + "/short.json");
      CHECK_FALSE(past.write("head"));
      auto error = past.copy_from(fd, text.size() - left, left + 1, "the source");
      REQUIRE(error);
      CHECK(*error == "cannot read the source: it is shorter than written");
      CHECK(past.write("more") == error);  // sticky
    }
    CHECK_FALSE(fs::exists(dir.path() + "/short.json"));
    ::close(fd);
  }
}

TEST_CASE("streamed corroborations come in the whole run's order, not the batches'", "[json-stream]") {
  // Component 1 (2001, 2003, 2004) holds keys first stated after component 2's (2002), so
  // the batches give 2001, 2004, 2003, 2002 and the whole run 2001, 2004, 2002, 2003.
  const char* pack = "pack: stream-tests\nmetrics:\n  rings:\n    type: count\n    args: [entity, period]\n";
  TempDir dir;
  fs::create_directories(dir.path() + "/rules");
  fs::copy(source("rules/generic"), dir.path() + "/rules/generic", fs::copy_options::recursive);
  dir.write("rules/extra.yaml", pack);
  std::string claims = claim("c1", "rings(Morocco, 2001) = 10 and rings(Morocco, 2004) = 40") +
                       claim("c2", "rings(Morocco, 2002) = 20") +
                       claim("c3", "rings(Morocco, 2003) = 30 and rings(Morocco, 2001) = 10") +
                       claim("c4", "rings(Morocco, 2002) = 20") + claim("c5", "rings(Morocco, 2003) = 30") +
                       claim("c6", "rings(Morocco, 2004) = 40");
  BatchedRun run({dir.write("claims/set.yaml", claim_set(claims))}, dir.path() + "/rules");
  INFO(run.diags.render());
  REQUIRE_FALSE(run.diags.has_errors());
  REQUIRE(run.whole.components.size() == 2);
  REQUIRE(run.whole.corroborations.size() == 4);
  std::string want = json_report(run.whole, run.vocab);
  std::vector<std::string> keys;
  for (const auto& co : run.whole.corroborations) keys.push_back(run.whole.problem.variables[co.var].key.text());
  REQUIRE(keys == std::vector<std::string>{"rings(Morocco, 2001)", "rings(Morocco, 2004)", "rings(Morocco, 2002)",
                                           "rings(Morocco, 2003)"});
  CHECK(difference(run.streamed(dir.path() + "/report.json", 1), want) == "");
}

TEST_CASE("a streamed run without claims prints its empty arrays as json_report does", "[json-stream]") {
  Diagnostics diags;
  Vocabulary vocab = load_vocabulary(source("rules"), diags);
  REQUIRE_FALSE(diags.has_errors());
  CheckResult empty;
  std::string want = json_report(empty, vocab);
  REQUIRE(want.find("\"findings\": []") != std::string::npos);
  TempDir out;
  std::string path = out.path() + "/report.json";
  {
    JsonReportStream stream(path, vocab, {});
    REQUIRE_FALSE(stream.finish());
    CHECK(difference(read_file(path), want) == "");
  }
  {
    JsonReportStream stream(path, vocab, {});
    REQUIRE_FALSE(stream.add(empty, 1, {}));
    REQUIRE_FALSE(stream.finish());
    CHECK(difference(read_file(path), want) == "");
  }
  CHECK(entries(out.path()) == std::vector<std::string>{"report.json"});
}

TEST_CASE("a streamed report that cannot be written says where, and leaves what was there", "[json-stream]") {
  Diagnostics diags;
  Vocabulary vocab = load_vocabulary(source("rules"), diags);
  CheckResult empty;
  TempDir out;
  SECTION("a directory that does not exist") {
    std::string dir = out.path() + "/missing";
    JsonReportStream stream(dir + "/report.json", vocab, {});
    auto error = stream.add(empty, 1, {});
    REQUIRE(error);
    CHECK_THAT(*error, Catch::Contains(dir));
    CHECK(stream.finish() == error);
  }
  SECTION("a directory gone before the end") {
    std::string dir = out.path() + "/gone";
    fs::create_directories(dir);
    JsonReportStream stream(dir + "/report.json", vocab, {});
    REQUIRE_FALSE(stream.add(empty, 1, {}));
    fs::remove_all(dir);
    auto error = stream.finish();
    REQUIRE(error);
    CHECK_THAT(*error, Catch::Contains(dir));
  }
  SECTION("a report path that is a directory") {
    std::string path = out.path() + "/report.json";
    out.write("report.json/kept", "kept");
    JsonReportStream stream(path, vocab, {});
    auto error = stream.finish();
    REQUIRE(error);
    CHECK_THAT(*error, Catch::Contains(path));
    CHECK(read_file(path + "/kept") == "kept");
    CHECK(entries(out.path()) == std::vector<std::string>{"report.json"});
  }
}

TEST_CASE("a streamed batch out of component order is refused", "[json-stream]") {
  Diagnostics diags;
  Vocabulary vocab = load_vocabulary(source("rules"), diags);
  TempDir out;
  JsonReportStream stream(out.path() + "/report.json", vocab, {});
  auto error = stream.add(CheckResult{}, 2, {});
  REQUIRE(error);
  CHECK_THAT(*error, Catch::Contains("component 2") && Catch::Contains("component 1"));
  CHECK(stream.finish() == error);
}

// json_report writes its corpus-sized arrays as text, item by item on several threads; the
// whole must still be what nlohmann's dump(2) prints, which its own parse and dump show.
TEST_CASE("json_report prints what dump(2) prints, with every optional section and any thread count", "[json-stream]") {
  using nlohmann::ordered_json;
  auto as_dumped = [](const std::string& text) { return ordered_json::parse(text).dump(2) + "\n"; };
  BatchedRun seeds({source("claims")}, source("rules"));
  REQUIRE_FALSE(seeds.diags.has_errors());
  REQUIRE_FALSE(seeds.whole.findings.empty());
  REQUIRE_FALSE(seeds.whole.untouched_claims.empty());
  CheckResult everything = seeds.whole;
  everything.history = {"runs.sqlite", 4, 3, {{"cc-0000000000000001", "contradiction", "a, b", "D/x, D/y", true}}};
  everything.baseline_file = "old.json";
  everything.baseline_omitted = 2;
  everything.stale_suppressions = {{"cc-0000000000000002", "me", "fixed upstream", {2026, 12, 1}, {"s.yaml", 3, 5}}};
  std::string full = json_report(everything, seeds.vocab, 3);
  for (const char* section : {"\"history\": {", "\"baseline\": {", "\"stale_suppressions\": [", "\"untouched_claims\": [\n"})
    CHECK(full.find(section) != std::string::npos);
  CHECK(difference(full, as_dumped(full)) == "");
  CHECK(difference(json_report(everything, seeds.vocab, 1), full) == "");

  CheckResult empty;
  std::string none = json_report(empty, seeds.vocab, 2);
  CHECK(none.find("\"findings\": [],\n  \"comparisons\": [],\n  \"corroboration\": [],") != std::string::npos);
  CHECK(difference(none, as_dumped(none)) == "");
}

// Between the passes the corpus is rewritten: cut short, or with a claim's figure changed in
// place (same size, a later modification time). The second pass reads back the claims the first
// normalized, so the run checks the corpus as the first pass read it: its report is the one a
// run over the corpus left alone writes, and not the one over the new text.
TEST_CASE("a corpus rewritten between the passes is checked as the first pass read it", "[json-stream]") {
  bench::CorpusOptions options;
  options.claims = 40;
  options.seed = 3;
  SyntheticCorpus synthetic(options);
  const TempDir& dir = synthetic.dir();
  const bench::Corpus& corpus = synthetic.corpus;
  const std::string& path = synthetic.path();
  std::function<void()> rewrite;
  SECTION("cut short") {
    rewrite = [&]() { dir.write("corpus.jsonl", corpus.lines.substr(0, corpus.lines.size() / 2)); };
  }
  SECTION("a figure changed in place") {
    rewrite = [&]() {
      std::string lines = corpus.lines;
      std::size_t at = lines.find(" = ", lines.find("\"claim\""));
      REQUIRE(at != std::string::npos);
      char& digit = lines[at + 3];
      REQUIRE(std::isdigit(static_cast<unsigned char>(digit)));
      digit = digit == '9' ? '1' : static_cast<char>(digit + 1);
      auto written = fs::last_write_time(path);
      dir.write("corpus.jsonl", lines);
      fs::last_write_time(path, written + std::chrono::seconds(1));
    };
  }
  CheckRequest request;
  request.inputs = {path};
  request.rules_dir = synthetic.rules_dir();
  auto streamed = [&](bool rewrite_between) {
    TempDir out;
    Vocabulary vocabulary;
    std::optional<JsonReportStream> report;
    BatchSink sink{[&](const Vocabulary& v, const std::vector<Document>& documents) {
                     if (rewrite_between) rewrite();
                     vocabulary = v;
                     report.emplace(out.path() + "/report.json", vocabulary, documents);
                   },
                   [&](const CheckResult& batch, int first_component, const std::vector<std::size_t>& global_claim) {
                     return report->add(batch, first_component, global_claim);
                   }};
    CheckRun run = run_check_streaming(request, 1, sink, out.path());
    REQUIRE(run.warnings.empty());
    if (!run.ok()) return run.diagnostics.render();  // the new text may end in half a line
    REQUIRE(run.streamed.batches > 1);
    REQUIRE_FALSE(report->finish());
    CHECK(entries(out.path()) == std::vector<std::string>{"report.json"});
    return read_file(out.path() + "/report.json");
  };
  std::string left_alone = streamed(false);
  CHECK(streamed(true) == left_alone);
  CHECK(streamed(false) != left_alone);  // the rewrite changed what a run finds
}
