#pragma once
// Helpers for tests: run the pipeline on claim sets and rule packs written inline.
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "corpus_generator.hpp"
#include "pipeline/pipeline.hpp"

namespace claimcheck::testing {

// A fresh directory under the system temp dir, removed when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string path() const { return path_.string(); }
  std::string write(const std::string& relative, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

// A synthetic corpus (bench/corpus_generator) written to a directory of its own: its rule pack
// under rules/, its lines in corpus.jsonl; to be checked as often as a test likes.
class SyntheticCorpus {
 public:
  explicit SyntheticCorpus(const bench::CorpusOptions& options);
  CheckRun check(unsigned threads) const;
  const TempDir& dir() const { return dir_; }
  const std::string& path() const { return path_; }  // of corpus.jsonl
  std::string rules_dir() const { return dir_.path() + "/rules"; }
  bench::Corpus corpus;

 private:
  TempDir dir_;
  std::string path_;
};

// A claim-set file: a document header (id DOC, published 2007-03-07) and the given claims.
std::string claim_set(const std::string& claims_yaml, const std::string& id = "DOC",
                      const std::string& published = "2007-03-07");

// A request for claim sets (file name -> text) written into `dir`, with the shipped generic packs
// plus `extra_rules` (a pack text, may be empty).
CheckRequest request_in(const TempDir& dir, const std::vector<std::pair<std::string, std::string>>& claim_files,
                        const std::string& extra_rules = "");

// Runs the pipeline on such a request.
CheckRun run(const std::vector<std::pair<std::string, std::string>>& claim_files, const std::string& extra_rules = "",
             SolveOptions options = {}, const std::map<std::string, int>& weights = {});

// Shorthand: one claim set made from `claims_yaml`.
CheckRun run_claims(const std::string& claims_yaml, const std::string& extra_rules = "", SolveOptions options = {});

// The atoms of one fact read against a document published 2007-03-07, or the first error.
struct FactResult {
  std::vector<Atom> atoms;
  std::string error;  // rendered diagnostics, empty when fine
};
FactResult read_one_fact(const std::string& fact, const std::string& extra_rules = "",
                         const std::string& extra_fields = "");

// The vocabulary and rules of tests/unit/packs/ (pack texts, to pass as extra rules).
std::string test_vocabulary();
std::string test_rules();

// One claim item of a claim set, said by `who` (claim: by Morocco).
std::string claim_by(const std::string& id, const std::string& who, const std::string& fact,
                     const std::string& extra = "");
std::string claim(const std::string& id, const std::string& fact, const std::string& extra = "");

// One line per finding: "contradiction DOC/a DOC/b | rule-a rule-b".
std::vector<std::string> finding_lines(const CheckRun& r);

}  // namespace claimcheck::testing

namespace claimcheck::testing {

// Rendered diagnostics with the temporary directories cut out of their paths:
// "/tmp/claimcheck-test-12-3/claims/set.yaml:11:12: ..." becomes "claims/set.yaml:11:12: ...".
std::string without_temp_dirs(const std::string& text);

// The first line of a text (without its newline).
std::string first_line(const std::string& text);

}  // namespace claimcheck::testing
