#pragma once
// explain/: solver outcomes to findings a reader can check by hand: which claims, which rules,
// and the numbers that leave no value; for consistent components, each rule instance with the
// values that satisfy it.
#include "model/result.hpp"
#include "model/vocabulary.hpp"

namespace claimcheck {

// Components are explained on up to `threads` threads; the result does not depend on how many.
void explain(CheckResult& result, const Vocabulary& vocab, unsigned threads = 1);

// Stable id of a finding: its kind, rule ids and claim ids, never positions or order.
std::string fingerprint(const std::string& kind, const std::vector<std::string>& rule_ids,
                        const std::vector<std::string>& claim_ids);

}  // namespace claimcheck
