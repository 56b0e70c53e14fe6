#include "support.hpp"

#include <fmt/format.h>

#include <atomic>
#include <random>

#include "load/loaders.hpp"
#include "normalize/normalize.hpp"

namespace claimcheck::testing {

namespace fs = std::filesystem;

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  path_ = fs::temp_directory_path() /
          ("claimcheck-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  // A directory with this process's id is left over from a killed run whose id was reused: its
  // files would leak into this test.
  std::error_code ec;
  fs::remove_all(path_, ec);
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string TempDir::write(const std::string& relative, const std::string& content) const {
  fs::path p = path_ / relative;
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
  return p.string();
}

std::string claim_set(const std::string& claims_yaml, const std::string& id, const std::string& published) {
  return "document:\n  id: " + id + "\n  title: test\n  published: " + published + "\n  author: tests\nclaims:\n" +
         claims_yaml;
}

static void copy_generic_rules(const TempDir& dir) {
  for (const auto& entry : fs::directory_iterator(fs::path(CLAIMCHECK_SOURCE_DIR) / "rules" / "generic"))
    fs::copy_file(entry.path(), fs::path(dir.path()) / "rules" / "generic" / entry.path().filename());
}

CheckRequest request_in(const TempDir& dir, const std::vector<std::pair<std::string, std::string>>& claim_files,
                        const std::string& extra_rules) {
  fs::create_directories(fs::path(dir.path()) / "rules" / "generic");
  copy_generic_rules(dir);
  if (!extra_rules.empty()) dir.write("rules/extra.yaml", extra_rules);
  CheckRequest request;
  for (const auto& [name, text] : claim_files) request.inputs.push_back(dir.write("claims/" + name, text));
  request.rules_dir = dir.path() + "/rules";
  return request;
}

CheckRun run(const std::vector<std::pair<std::string, std::string>>& claim_files, const std::string& extra_rules,
             SolveOptions options, const std::map<std::string, int>& weights) {
  TempDir dir;
  CheckRequest request = request_in(dir, claim_files, extra_rules);
  request.solve = options;
  request.weights.entities = weights;
  return run_check(request);
}

CheckRun run_claims(const std::string& claims_yaml, const std::string& extra_rules, SolveOptions options) {
  return run({{"set.yaml", claim_set(claims_yaml)}}, extra_rules, options);
}

FactResult read_one_fact(const std::string& fact, const std::string& extra_rules, const std::string& extra_fields) {
  std::string claims = "  - id: c\n    said_by: Morocco\n    at: here\n    quote: q\n    fact: \"" + fact + "\"\n" + extra_fields;
  CheckRun r = run_claims(claims, extra_rules);
  FactResult out;
  if (!r.ok()) {
    out.error = r.diagnostics.render();
    return out;
  }
  out.atoms = r.result.claims.at(0).atoms;
  return out;
}

static std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string test_vocabulary() { return read_text(fs::path(CLAIMCHECK_SOURCE_DIR) / "tests/unit/packs/vocabulary.yaml"); }
std::string test_rules() { return read_text(fs::path(CLAIMCHECK_SOURCE_DIR) / "tests/unit/packs/rules.yaml"); }

std::string claim_by(const std::string& id, const std::string& who, const std::string& fact, const std::string& extra) {
  return "  - id: " + id + "\n    said_by: " + who + "\n    at: here\n    quote: q\n    fact: \"" + fact + "\"\n" + extra;
}

std::string claim(const std::string& id, const std::string& fact, const std::string& extra) {
  return claim_by(id, "Morocco", fact, extra);
}

std::vector<std::string> finding_lines(const CheckRun& r) {
  std::vector<std::string> out;
  for (const auto& f : r.result.findings) {
    std::vector<std::string> ids;
    for (int c : f.claims) ids.push_back(r.result.claims[c].qualified_id());
    out.push_back(fmt::format("{} {} | {}", to_string(f.kind), fmt::join(ids, " "), fmt::join(f.rule_ids, " ")));
  }
  return out;
}

}  // namespace claimcheck::testing

#include <regex>

namespace claimcheck::testing {

SyntheticCorpus::SyntheticCorpus(const bench::CorpusOptions& options) : corpus(bench::generate_corpus(options)) {
  dir_.write("rules/synthetic.yaml", corpus.rule_pack);
  path_ = dir_.write("corpus.jsonl", corpus.lines);
}

CheckRun SyntheticCorpus::check(unsigned threads) const {
  CheckRequest request;
  request.inputs = {path_};
  request.rules_dir = rules_dir();
  request.solve.threads = threads;
  return run_check(request);
}

std::string without_temp_dirs(const std::string& text) {
  static const std::regex temp_dir("[^\\s'\"]*claimcheck-test-[0-9]+-[0-9]+/");
  return std::regex_replace(text, temp_dir, "");
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

}  // namespace claimcheck::testing
