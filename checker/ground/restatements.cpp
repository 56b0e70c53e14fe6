// Claims that state the same fact, found by hash and confirmed fact by fact.
#include "ground/restatements.hpp"

#include <algorithm>
#include <string>

#include "model/open_addressing.hpp"
#include "model/parallel.hpp"

namespace claimcheck {

namespace {

// Two claims state the same fact when their atoms have the same keys, intervals and truth
// values, in order, and their claim-bound instances are the same rules over the same trees.
// Centers are left out: they only say how a tolerance widens.
bool same_fact(const GroundProblem& p, int a, int b, const std::vector<std::vector<int>>& bound) {
  auto x = p.atoms_of(a), y = p.atoms_of(b);
  if (!std::equal(x.begin(), x.end(), y.begin(), y.end(), [](const GroundAtom& l, const GroundAtom& r) {
        return l.var == r.var && l.interval == r.interval && l.polarity == r.polarity;
      }))
    return false;
  if (bound[a].size() != bound[b].size()) return false;
  std::vector<bool> used(bound[b].size(), false);
  for (int i : bound[a]) {
    const RuleInstance& inst = p.instances[i];
    bool found = false;
    for (std::size_t k = 0; k < bound[b].size() && !found; ++k) {
      const RuleInstance& other = p.instances[bound[b][k]];
      found = !used[k] && other.rule_id == inst.rule_id && other.expr == inst.expr;
      if (found) used[k] = true;
    }
    if (!found) return false;
  }
  return true;
}

}  // namespace

std::size_t fact_hash(const GroundProblem& p, int c, const std::vector<std::vector<int>>& bound) {
  std::size_t h = 0;
  auto bound_hash = [](const std::optional<Bound>& b) {
    return b ? rational_hash(b->value) * 2 + (b->strict ? 1 : 0) : std::size_t{0x7f4a7c15};
  };
  for (const auto& atom : p.atoms_of(c)) {
    h = h * 1000003u ^ static_cast<std::size_t>(atom.var);
    h = h * 1000003u ^ (atom.polarity ? (*atom.polarity ? 1u : 2u) : 3u);
    h = h * 1000003u ^ bound_hash(atom.interval.lo);
    h = h * 1000003u ^ bound_hash(atom.interval.hi);
  }
  for (int i : bound[c]) h += std::hash<std::string>{}(p.instances[i].rule_id) ^ structure_hash(p.instances[i].expr);
  return h;
}

void merge_restatements(GroundProblem& p, const std::vector<Claim>& claims, const Vocabulary& vocab, unsigned threads,
                        const FactHash& hash) {
  std::size_t n = p.claim_count();
  std::vector<std::vector<int>> bound(n);
  for (std::size_t i = 0; i < p.instances.size(); ++i)
    if (p.instances[i].claim) bound[*p.instances[i].claim].push_back(static_cast<int>(i));
  // Hashed in parallel; which claim comes first is settled in claim order below.
  std::vector<std::size_t> hashes(n);
  for_each_index(n, threads, [&](std::size_t c) { hashes[c] = hash(p, static_cast<int>(c), bound); });
  // The first claim of each hash, in an open-addressing table (a node per claim in a hash map
  // cost a million allocations); looked up only: claim order decides.
  std::vector<int> first_of(slots_for(n), -1);
  auto first_with = [&](std::size_t c) -> int& {
    return first_of[probe(first_of, hashes[c], [](int first) { return first < 0; },
                          [&](int first) { return hashes[static_cast<std::size_t>(first)] == hashes[c]; })];
  };
  std::vector<int> next_of_hash(n, -1);  // the next first claim with the same hash, another fact
  p.stands_for.assign(n, 0);
  p.restated_by.assign(n, {});
  for (std::size_t c = 0; c < n; ++c) {
    int claim = static_cast<int>(c);
    int& slot = first_with(c);
    bool inserted = slot < 0;
    if (inserted) slot = claim;
    int first = slot, last = -1;
    while (!inserted && first != -1 && !same_fact(p, first, claim, bound)) {
      last = first;
      first = next_of_hash[first];
    }
    if (inserted || first == -1) {
      if (last != -1) next_of_hash[last] = claim;
      p.stands_for[c] = claim;
    } else {
      p.stands_for[c] = first;
      p.restated_by[first].push_back(claim);
    }
  }
  for (std::size_t c = 0; c < n; ++c) {
    if (p.restated_by[c].empty()) continue;
    std::vector<int> members{static_cast<int>(c)};
    members.insert(members.end(), p.restated_by[c].begin(), p.restated_by[c].end());
    std::vector<std::string> sources;
    for (int m : members) sources.push_back(claims[m].said_by);
    int pooled = 0;
    for (const auto& family : vocab.source_families(sources)) {
      int heaviest = 0;
      for (auto k : family) heaviest = std::max(heaviest, claims[members[k]].weight);
      pooled += heaviest;
    }
    p.claim_weights[c] = pooled;
  }
  p.instances.erase(std::remove_if(p.instances.begin(), p.instances.end(),
                                   [&](const RuleInstance& inst) {
                                     return inst.claim && p.stands_for[*inst.claim] != *inst.claim;
                                   }),
                    p.instances.end());
}

}  // namespace claimcheck
