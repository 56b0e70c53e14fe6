#pragma once
// normalize/: raw claims to typed facts. Names resolve through the vocabulary's aliases,
// numbers become exact intervals (rounding, qualifiers, units), periods become day ranges.
#include <vector>

#include "load/loaders.hpp"
#include "model/claim.hpp"
#include "model/diagnostics.hpp"
#include "model/limits.hpp"
#include "model/vocabulary.hpp"

namespace claimcheck {

struct NormalizedInput {
  std::vector<Document> documents;  // sorted by id
  std::vector<Claim> claims;        // sorted by document id, then claim id
  std::vector<ExpectedFinding> expected;  // resolved, sorted by their claims
};

// `overrides` (from the command line: names in `entities`, each an entity or a source class) take
// precedence over each claim set's reliability, which takes precedence over the rule packs'.
NormalizedInput normalize(const std::vector<RawClaimSet>& sets, const Vocabulary& vocab, Diagnostics& diags,
                          const Reliability& overrides = {}, const InputLimits& limits = {});

// The weight of a claim said by `entity`: the first layer that knows the entity, its class, or
// (walking part_of upwards) an ancestor or its class; else the first default; else 1.
int reliability_weight(const std::string& entity, const std::vector<const Reliability*>& layers,
                       const Vocabulary& vocab);

// One claim's fact (and value text) to atoms; errors go to `diags` and give no atoms.
std::vector<Atom> read_fact(const RawClaim& claim, const Document& document, const Vocabulary& vocab,
                            Diagnostics& diags, std::size_t max_digits = InputLimits{}.max_digits);

}  // namespace claimcheck
