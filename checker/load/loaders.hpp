#pragma once
// load/: YAML files in, vocabulary and raw claim sets out. Syntax and shape only; the meaning
// of facts is normalize/'s job.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/claim.hpp"
#include "model/diagnostics.hpp"
#include "model/review.hpp"
#include "model/limits.hpp"
#include "model/vocabulary.hpp"

namespace claimcheck {

// Files and directories to the sorted list of files they name: a directory gives the files in it
// (recursively) whose names end in one of `extensions`; a file named directly is always kept.
std::vector<std::string> expand_paths(const std::vector<std::string>& paths, Diagnostics& diags,
                                      const std::vector<std::string>& extensions = {".yaml", ".yml"});
bool is_claim_lines_file(const std::string& path);  // .jsonl: a JSON Lines corpus

// Every rule pack under `rules_dir`, merged; names defined twice, unknown references and part_of
// cycles are errors. A pack's large entities mapping is parsed on up to `threads` threads.
Vocabulary load_vocabulary(const std::string& rules_dir, Diagnostics& diags, const InputLimits& limits = {},
                           unsigned threads = 1);
// The same from pack texts in memory (file name, text), in the order given.
Vocabulary load_vocabulary_texts(const std::vector<std::pair<std::string, std::string>>& packs, Diagnostics& diags,
                                 const InputLimits& limits = {});

struct RawClaimSet {
  Document document;
  std::string published_text, covers_text;
  SourceLoc published_loc, covers_loc, source_loc;
  std::vector<RawClaim> claims;
  Reliability reliability;  // overrides for this set's claims
  std::map<std::string, SourceLoc> reliability_entity_locs;
  std::vector<ExpectedFinding> expected;  // claim refs and rule ids are resolved by normalize
};

// One claim-set file. Quotes are checked against the document's source text when it names one.
std::optional<RawClaimSet> load_claim_set(const std::string& path, Diagnostics& diags,
                                          const InputLimits& limits = {});
// The same for text in memory; `path` names it in messages and anchors a `source:` path.
std::optional<RawClaimSet> parse_claim_set(const std::string& path, std::string text, Diagnostics& diags,
                                           const InputLimits& limits = {});

// A JSON Lines corpus: {"document": {...}} records, each before the {"claim": {...}} records
// that name it, with the fields of YAML claim sets; one claim set per document, in the order
// the documents appear. Errors name the line, the column and the field. --max-file-size
// applies to each line. Lines are parsed on up to `threads` threads; the result does not depend
// on how many.
std::vector<RawClaimSet> load_claim_lines(const std::string& path, Diagnostics& diags, const InputLimits& limits = {},
                                          unsigned threads = 1);
std::vector<RawClaimSet> parse_claim_lines(const std::string& path, std::string_view text, Diagnostics& diags,
                                           const InputLimits& limits = {}, unsigned threads = 1);

// A JSON Lines corpus read without being held (check --stream): scan() reads every record,
// keeps the documents and hands each claim to a sink instead of its set. Duplicate claim ids
// are the caller's to find.
class ClaimLinesFile {
 public:
  using ClaimSink = std::function<void(std::size_t set, RawClaim&& claim)>;
  ClaimLinesFile(std::string path, Diagnostics& diags, const InputLimits& limits = {}, unsigned threads = 1);
  ~ClaimLinesFile();
  // False when the file cannot be read. Reading stops early once `go_on` says no.
  bool scan(const ClaimSink& sink, const std::function<bool()>& go_on = [] { return true; });
  const std::vector<RawClaimSet>& documents() const;   // in file order, without their claims

 private:
  struct Reader;
  std::string path_;
  Diagnostics& diags_;
  InputLimits limits_;
  std::unique_ptr<Reader> reader_;
};

// A reviewed suppression file: `suppressions: [{fingerprint, by, why, date}]`, each fingerprint
// once, every field required.
std::vector<Suppression> load_suppressions(const std::string& path, Diagnostics& diags, const InputLimits& limits = {});
std::vector<Suppression> parse_suppressions(const std::string& path, std::string text, Diagnostics& diags,
                                            const InputLimits& limits = {});

// The fingerprints of the findings in a previous JSON report (`--baseline`); errors name the
// file, line and column.
std::set<std::string> load_baseline(const std::string& path, Diagnostics& diags, const InputLimits& limits = {});

}  // namespace claimcheck
