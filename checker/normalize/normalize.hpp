#pragma once
// normalize/: raw claims to typed facts. Names resolve through the vocabulary's aliases,
// numbers become exact intervals (rounding, qualifiers, units), periods become day ranges.
#include <vector>

#include "load/loaders.hpp"
#include "model/claim.hpp"
#include "model/diagnostics.hpp"
#include "model/vocabulary.hpp"

namespace claimcheck {

struct NormalizedInput {
  std::vector<Document> documents;  // sorted by id
  std::vector<Claim> claims;        // sorted by document id, then claim id
};

NormalizedInput normalize(const std::vector<RawClaimSet>& sets, const Vocabulary& vocab, Diagnostics& diags);

// One claim's fact (and value text) to atoms; errors go to `diags` and give no atoms.
std::vector<Atom> read_fact(const RawClaim& claim, const Document& document, const Vocabulary& vocab,
                            Diagnostics& diags);

}  // namespace claimcheck
