#pragma once
// normalize/: raw claims to typed facts. Names resolve through the vocabulary's aliases,
// numbers become exact intervals (rounding, qualifiers, units), periods become day ranges.
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
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

// Claim sets and their claims one at a time: what normalize() does for a whole run, for a run
// that streams its claims (check --stream) and never holds them together. Cross-references and
// expected findings need every claim, so they are left to the caller.
class ClaimNormalizer {
 public:
  // `readings`: say how each atom was read (Atom::reading), which only `explain` shows.
  ClaimNormalizer(const Vocabulary& vocab, Diagnostics& diags, const Reliability& overrides = {},
                  const InputLimits& limits = {}, bool readings = false);
  // The set's document and weights, by the number returned; nullopt when its document id was
  // seen before (an error).
  std::optional<std::size_t> add_set(const RawClaimSet& set) { return add_set(set, diags_); }
  std::optional<std::size_t> add_set(const RawClaimSet& set, Diagnostics& diags);
  const Document& document(std::size_t set) const { return sets_[set].document; }
  // A claim of a set added before; errors go to the diagnostics and leave it without atoms.
  // Safe to call from several threads at once, each with diagnostics of its own.
  // The claim takes the raw claim's text.
  Claim claim(std::size_t set, RawClaim&& raw, Diagnostics& diags) const;

  // A set by where it is: sets stay in place as more are added, so claim(SetRef, ...) may run
  // on other threads while add_set() runs (looking a set up by number may not).
  struct Set {
    Document document;
    Reliability weights;
  };
  struct SetRef {
    const Set* at = nullptr;
    bool operator==(const SetRef&) const = default;
  };
  SetRef set(std::size_t number) const { return {&sets_[number]}; }
  Claim claim(SetRef set, RawClaim&& raw, Diagnostics& diags) const;

 private:
  const Vocabulary& vocab_;
  Diagnostics& diags_;
  InputLimits limits_;
  bool readings_;
  Reliability cli_weights_;
  std::deque<Set> sets_;
  std::map<std::string, SourceLoc> document_ids_;
};

// A claim's reference to another ("id" in its own document, or "DOC/id") as a qualified id;
// nullopt, with an error at `loc` naming `where`, when the document or the claim is unknown.
// `document_ids` are sorted; `claims_of(document)` lists a document's claim ids, for hints.
std::optional<std::string> resolve_claim_ref(const std::string& ref, const std::string& own_document, const SourceLoc& loc,
                                             const char* where, const std::vector<std::string>& document_ids,
                                             const std::function<bool(const std::string&)>& claim_exists,
                                             const std::function<std::vector<std::string>(const std::string&)>& claims_of,
                                             Diagnostics& diags);

// `overrides` (from the command line: names in `entities`, each an entity or a source class) take
// precedence over each claim set's reliability, which takes precedence over the rule packs'.
// Claims are read on up to `threads` threads; the result and the diagnostics do not depend on how many.
// The claims move from `sets` into the result. `readings` as for ClaimNormalizer.
NormalizedInput normalize(std::vector<RawClaimSet> sets, const Vocabulary& vocab, Diagnostics& diags,
                          const Reliability& overrides = {}, const InputLimits& limits = {}, unsigned threads = 1,
                          bool readings = false);

// The weight of a claim said by `entity`: the first layer that knows the entity, its class, or
// (walking part_of upwards) an ancestor or its class; else the first default; else 1.
int reliability_weight(const std::string& entity, const std::vector<const Reliability*>& layers,
                       const Vocabulary& vocab);

// One claim's fact (and value text) to atoms; errors go to `diags` and give no atoms.
// `readings` as for ClaimNormalizer.
std::vector<Atom> read_fact(const RawClaim& claim, const Document& document, const Vocabulary& vocab,
                            Diagnostics& diags, std::size_t max_digits = InputLimits{}.max_digits,
                            bool readings = false);

}  // namespace claimcheck
