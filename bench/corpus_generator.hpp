#pragma once
// A synthetic corpus with known answers: N claims in components of one to four claims, each
// component built on one rule kind (every kind is used), a share of them with one planted
// minimal conflict. Deterministic from the seed: the same options give the same bytes.
#include <cstdint>
#include <string>
#include <vector>

namespace claimcheck::bench {

struct CorpusOptions {
  std::size_t claims = 10'000;
  std::uint64_t seed = 1;
  double conflict_share = 0.10;  // of components
};

struct PlantedConflict {
  std::string kind;                 // contradiction, tension or caveat
  std::vector<std::string> rules;   // rule ids, sorted
  std::vector<std::string> claims;  // qualified claim ids, sorted
};

struct Corpus {
  std::string rule_pack;  // YAML: vocabulary, rules, units, qualifiers, reliability
  std::string lines;      // JSON Lines: documents, then claims
  std::vector<PlantedConflict> planted;  // sorted by claims
  std::size_t claims = 0, components = 0, documents = 0, entities = 0;
};

Corpus generate_corpus(const CorpusOptions& options);

// The ground-truth file: {"seed", "claims", "components", "planted": [{kind, rules, claims}]}.
std::string truth_json(const CorpusOptions& options, const Corpus& corpus);

}  // namespace claimcheck::bench
