#pragma once
// What a curator says a claim set should give, for `claimcheck regress`. (Findings accepted as
// known, from a reviewed suppression file, are `Suppression`s in model/problem.hpp.)
#include <string>
#include <vector>

#include "model/diagnostics.hpp"
#include "model/problem.hpp"

namespace claimcheck {

// One entry of a claim set's `expected_findings`. A finding meets it when it joins exactly these
// claims; it matches when its kind and rule ids are these too.
struct ExpectedFinding {
  FindingKind kind = FindingKind::contradiction;
  std::vector<std::string> rules;       // sorted, unique
  std::vector<std::string> claim_refs;  // as written: "id" (this document) or "DOC/id"
  std::vector<SourceLoc> claim_locs;
  std::vector<SourceLoc> rule_locs;
  std::vector<std::string> claims;      // qualified "DOC/id", sorted; set by normalize
  std::string document;                 // the claim set's document, for unqualified refs
  std::string reason;
  SourceLoc loc;
};

}  // namespace claimcheck
