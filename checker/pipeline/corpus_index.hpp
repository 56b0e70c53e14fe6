#pragma once
// check --stream's first pass (see pipeline.hpp): reads the corpus once, normalizes and spools
// every claim, and finds the components, keeping a few dozen bytes a claim and a key table.
// Internal to pipeline/.
#include <cstdint>
#include <future>
#include <string>
#include <unordered_map>
#include <vector>

#include "ground/ground.hpp"
#include "load/loaders.hpp"
#include "pipeline/claim_spool.hpp"
#include "pipeline/pipeline.hpp"

namespace claimcheck {

// Where a claim is, and what joins it to others; all the first pass keeps of it in memory.
struct ClaimRecord {
  std::string id;
  std::uint32_t file = 0;
  std::uint32_t document = 0;  // the normalizer's set number
  SpooledClaim spooled;        // the claim, normalized
  int line = 0, col = 0;
  int first_var = -1;          // -1: it states no key
};

// The vocabulary and the rules, read on a thread of their own beside the first pass (with two
// threads or more): reading the corpus needs neither, only normalizing does. Their errors go to
// the run's diagnostics, which nothing else touches until wait().
class VocabularyLoad {
 public:
  VocabularyLoad(const CheckRequest& request, CheckRun& run) : run_(run) {
    auto load = [&request, &run, this] {
      run.vocabulary = load_vocabulary(request.rules_dir, run.diagnostics, request.limits, request.solve.threads);
      rules_ = parse_rules(run.vocabulary, run.diagnostics);
    };
    if (request.solve.threads > 1) loading_ = std::async(std::launch::async, load);
    else load();
  }
  ~VocabularyLoad() {
    if (loading_.valid()) loading_.wait();
  }
  // True when the vocabulary and the rules have no errors.
  bool wait() {
    if (loading_.valid()) loading_.get();
    return !run_.diagnostics.has_errors();
  }
  std::vector<ParsedRule> take_rules() { return std::move(rules_); }

 private:
  CheckRun& run_;
  std::vector<ParsedRule> rules_;
  std::future<void> loading_;
};

// The first pass's findings: the claims in run order, grouped into components, their documents,
// and the rules.
struct CorpusIndex {
  std::vector<ClaimRecord> records;             // in file order
  std::vector<std::uint32_t> order;             // run-wide claim index -> record
  std::vector<std::uint32_t> component_start;   // components in run order, as ranges of `members`
  std::vector<std::uint32_t> members;           // run-wide claim indices, ascending in each component
  std::vector<std::vector<std::string>> related_refs;  // per record with references: as written
  std::unordered_map<std::size_t, std::size_t> related_of;  // record -> index into related_refs
  std::vector<Document> documents;  // per normalizer set
  std::vector<ParsedRule> rules;
};

// The first pass over `files`, its claims spooled to `spool` (opened in `spool_dir`). False when
// the run stops here: the vocabulary or the rules have errors (the corpus is then left unread,
// its diagnostics dropped), or the spool cannot be made or written (a warning). The corpus's
// diagnostics go to the run's, after the vocabulary's.
bool index_corpus(const CheckRequest& request, CheckRun& run, const std::vector<std::string>& files,
                  VocabularyLoad& vocabulary, ClaimSpool& spool, const std::string& spool_dir, CorpusIndex& index);

}  // namespace claimcheck
