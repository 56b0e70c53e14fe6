#pragma once
// Internal to ground/: claims stating exactly the same fact become one solver element (see
// GroundProblem::stands_for). The cost of doubting the fact is the sum, over independent source
// families, of the heaviest claim of each: a source repeating itself adds nothing, independent
// sources add up. Claim-bound instances of the later claims duplicate the first claim's and are
// dropped.
#include <cstddef>
#include <functional>
#include <vector>

#include "model/claim.hpp"
#include "model/problem.hpp"
#include "model/vocabulary.hpp"

namespace claimcheck {

// `bound[c]`: the instances bound to claim c. Equal for claims that state the same fact; bound
// instances count in any order.
std::size_t fact_hash(const GroundProblem& p, int claim, const std::vector<std::vector<int>>& bound);

using FactHash = std::function<std::size_t(const GroundProblem&, int claim, const std::vector<std::vector<int>>& bound)>;

// Claims whose hashes collide are told apart fact by fact, so `hash` decides only the speed
// (tests pass one under which every claim collides). Hashed on `threads` threads; which claim
// stands for which is settled in claim order, whatever the thread count.
void merge_restatements(GroundProblem& p, const std::vector<Claim>& claims, const Vocabulary& vocab, unsigned threads,
                        const FactHash& hash = fact_hash);

}  // namespace claimcheck
