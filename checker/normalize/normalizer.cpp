#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <numeric>
#include <optional>
#include <set>

#include "model/parallel.hpp"
#include "normalize/normalize.hpp"

namespace claimcheck {

int reliability_weight(const std::string& entity, const std::vector<const Reliability*>& layers,
                       const Vocabulary& vocab) {
  // The entity itself, then its ancestors nearest first (breadth-first over part_of, in id order).
  std::vector<std::string> chain{entity};
  for (std::size_t i = 0; i < chain.size(); ++i) {
    auto e = vocab.entities.find(chain[i]);
    if (e == vocab.entities.end()) continue;
    for (const auto& parent : e->second.part_of)
      if (std::find(chain.begin(), chain.end(), parent) == chain.end()) chain.push_back(parent);
  }
  for (const auto& id : chain) {
    for (const Reliability* layer : layers)
      if (auto w = layer->entities.find(id); w != layer->entities.end()) return w->second;
    auto e = vocab.entities.find(id);
    if (e == vocab.entities.end()) continue;
    for (const Reliability* layer : layers)
      if (auto w = layer->classes.find(e->second.entity_class); w != layer->classes.end()) return w->second;
  }
  for (const Reliability* layer : layers)
    if (layer->fallback) return *layer->fallback;
  return 1;
}

// Command-line weights name an entity (or alias) or a source class; which one is only known here.
static Reliability command_line_layer(const Reliability& overrides, const Vocabulary& vocab, Diagnostics& diags) {
  Reliability layer;
  layer.fallback = overrides.fallback;
  if (overrides.entities.empty()) return layer;  // a streamed run normalizes once a batch; the vocabulary can be large
  std::vector<std::string> known = keys_of(vocab.entity_alias);
  std::set<std::string> classes;
  for (const auto& [id, e] : vocab.entities)
    if (!e.entity_class.empty()) classes.insert(e.entity_class);
  known.insert(known.end(), classes.begin(), classes.end());
  for (const auto& [name, w] : overrides.entities) {
    if (auto found = vocab.entity_alias.find(name); found != vocab.entity_alias.end()) layer.entities[found->second] = w;
    else if (classes.count(name)) layer.classes[name] = w;
    else diags.error({"--weight", 0, 0}, fmt::format("unknown entity or class '{}'{}", name, did_you_mean(name, known)));
  }
  return layer;
}

ClaimNormalizer::ClaimNormalizer(const Vocabulary& vocab, Diagnostics& diags, const Reliability& overrides,
                                 const InputLimits& limits, bool readings)
    : vocab_(vocab), diags_(diags), limits_(limits), readings_(readings),
      cli_weights_(command_line_layer(overrides, vocab, diags)) {}

std::optional<std::size_t> ClaimNormalizer::add_set(const RawClaimSet& set, Diagnostics& diags) {
  const Document& doc = set.document;
  auto [it, inserted] = document_ids_.emplace(doc.id, doc.loc);
  if (!inserted) {
    diags.error(doc.loc, fmt::format("document id '{}' is used twice (first in {})", doc.id, to_string(it->second)));
    return std::nullopt;
  }
  // The set's own weights name entities by id or alias.
  Set& added = sets_.emplace_back(Set{doc, set.reliability});
  added.weights.entities.clear();
  for (const auto& [name, w] : set.reliability.entities) {
    auto found = vocab_.entity_alias.find(name);
    if (found == vocab_.entity_alias.end()) {
      auto at = set.reliability_entity_locs.find(name);
      diags.error(at == set.reliability_entity_locs.end() ? doc.loc : at->second,
                  fmt::format("unknown entity '{}' in reliability{}", name,
                              did_you_mean(name, keys_of(vocab_.entity_alias))));
    } else {
      added.weights.entities[found->second] = w;
    }
  }
  return sets_.size() - 1;
}

Claim ClaimNormalizer::claim(std::size_t set, RawClaim&& raw, Diagnostics& diags) const {
  return claim(SetRef{&sets_[set]}, std::move(raw), diags);
}

Claim ClaimNormalizer::claim(SetRef set, RawClaim&& raw, Diagnostics& diags) const {
  Claim claim;
  auto who = vocab_.entity_alias.find(raw.said_by);
  if (who == vocab_.entity_alias.end()) {
    diags.error(raw.said_by_loc, fmt::format("unknown entity '{}' in said_by{}", raw.said_by,
                                             did_you_mean(raw.said_by, keys_of(vocab_.entity_alias))));
  } else {
    claim.said_by = who->second;
  }
  claim.atoms = read_fact(raw, set.at->document, vocab_, diags, limits_.max_digits, readings_);
  std::vector<const Reliability*> layers{&cli_weights_, &set.at->weights, &vocab_.reliability};
  if (!claim.said_by.empty()) claim.weight = reliability_weight(claim.said_by, layers, vocab_);
  claim.raw = std::move(raw);
  return claim;
}

std::optional<std::string> resolve_claim_ref(const std::string& ref, const std::string& own_document, const SourceLoc& loc,
                                             const char* where, const std::vector<std::string>& document_ids,
                                             const std::function<bool(const std::string&)>& claim_exists,
                                             const std::function<std::vector<std::string>(const std::string&)>& claims_of,
                                             Diagnostics& diags) {
  std::string qualified = ref.find('/') == std::string::npos ? own_document + "/" + ref : ref;
  std::string document = qualified.substr(0, qualified.find('/'));
  if (!std::binary_search(document_ids.begin(), document_ids.end(), document)) {
    diags.error(loc, fmt::format("unknown document '{}' in {} '{}'{}; the documents loaded are: {}", document, where, ref,
                                 did_you_mean(document, document_ids), fmt::join(document_ids, ", ")));
    return std::nullopt;
  }
  if (!claim_exists(qualified)) {
    std::string hint;
    if (ref.find('/') == std::string::npos) {
      hint = did_you_mean(ref, claims_of(own_document));
    } else {
      std::vector<std::string> all;
      for (const auto& d : document_ids)
        for (const auto& id : claims_of(d)) all.push_back(d + "/" + id);
      hint = did_you_mean(ref, all);
    }
    diags.error(loc, fmt::format("unknown claim id '{}' in {}{}", ref, where, hint));
    return std::nullopt;
  }
  return qualified;
}

NormalizedInput normalize(std::vector<RawClaimSet> sets, const Vocabulary& vocab, Diagnostics& diags,
                          const Reliability& overrides, const InputLimits& limits, unsigned threads, bool readings) {
  NormalizedInput out;
  ClaimNormalizer normalizer(vocab, diags, overrides, limits, readings);
  // Claims are read in blocks on up to `threads` threads. Each set and each block keeps its own
  // errors, joined in input order afterwards, so the diagnostics are those of one thread.
  constexpr std::size_t kBlock = 256;
  struct Block {
    std::size_t set = 0, normalizer_set = 0, first = 0, end = 0;
    Diagnostics diags;
  };
  std::vector<Diagnostics> set_diags(sets.size());
  std::vector<Block> blocks;
  std::vector<std::size_t> added_sets;  // in input order
  std::size_t claim_count = 0;
  for (std::size_t s = 0; s < sets.size(); ++s) {
    auto added = normalizer.add_set(sets[s], set_diags[s]);
    if (!added) continue;
    out.documents.push_back(sets[s].document);
    added_sets.push_back(s);
    std::size_t n = sets[s].claims.size();
    for (std::size_t first = 0; first < n; first += kBlock)
      blocks.push_back({s, *added, first, std::min(n, first + kBlock), {}});
    claim_count += n;
  }
  // Claims by document, then id: each claim's place is found from its raw text before it is
  // read, and the claim is written there once. Claims are large (their raw text and locations);
  // moving a million of them into order afterwards touched a second vector as large as the first.
  // add_set refuses a document id twice, so the sets are ordered by document and each set's
  // claims by id, on the threads.
  std::vector<std::size_t> set_order;  // added sets with claims, by document
  for (std::size_t s : added_sets)
    if (!sets[s].claims.empty()) set_order.push_back(s);
  std::stable_sort(set_order.begin(), set_order.end(), [&](std::size_t a, std::size_t b) {
    return sets[a].claims.front().document < sets[b].claims.front().document;
  });
  std::vector<std::vector<std::size_t>> by_id(set_order.size());  // each set's claims, by id
  for_each_index(set_order.size(), threads, [&](std::size_t k) {
    const auto& claims = sets[set_order[k]].claims;
    by_id[k].resize(claims.size());
    std::iota(by_id[k].begin(), by_id[k].end(), std::size_t{0});
    std::stable_sort(by_id[k].begin(), by_id[k].end(),
                     [&](std::size_t a, std::size_t b) { return claims[a].id < claims[b].id; });
  });
  std::vector<std::vector<std::size_t>> place(sets.size());  // place[s][i]: claim i's index in the output
  for (std::size_t k = 0, next = 0; k < set_order.size(); ++k) {
    place[set_order[k]].resize(by_id[k].size());
    for (std::size_t i : by_id[k]) place[set_order[k]][i] = next++;
  }
  std::vector<std::vector<std::size_t>>().swap(by_id);
  reserve_prefaulted(out.claims, claim_count, threads);
  out.claims.resize(claim_count);
  // A set's raw claims are freed once its last block is read, while the other blocks are still
  // being read: the claims made next reuse that memory instead of touching new pages.
  std::vector<std::atomic<std::size_t>> blocks_left(sets.size());
  for (const Block& b : blocks) blocks_left[b.set].fetch_add(1, std::memory_order_relaxed);
  for_each_index(blocks.size(), threads, [&](std::size_t k) {
    Block& b = blocks[k];
    auto& raw = sets[b.set].claims;
    for (std::size_t i = b.first; i < b.end; ++i)
      out.claims[place[b.set][i]] = normalizer.claim(b.normalizer_set, std::move(raw[i]), b.diags);
    if (blocks_left[b.set].fetch_sub(1, std::memory_order_acq_rel) == 1) std::vector<RawClaim>().swap(raw);
  });
  for (std::size_t s = 0, k = 0; s < sets.size(); ++s) {
    diags.append(std::move(set_diags[s]));
    for (; k < blocks.size() && blocks[k].set == s; ++k) diags.append(std::move(blocks[k].diags));
  }
  // The checks below visit claims in input order, as they were read: errors at one place keep
  // the order they were found in (render sorts by place, stably).
  auto in_input_order = [&](const auto& visit) {
    for (std::size_t s : added_sets)
      for (std::size_t p : place[s]) visit(out.claims[p]);
  };
  // Cross-references name claims that exist: "id" in the same document or "DOC/id".
  // The sorted ids are made on the first reference: most machine-extracted corpora have none.
  std::vector<std::string> all_ids, document_ids;
  bool all_ids_made = false;
  for (const auto& d : out.documents) document_ids.push_back(d.id);
  std::sort(document_ids.begin(), document_ids.end());
  auto resolve = [&](const std::string& ref, const std::string& own_document, const SourceLoc& loc,
                     const char* where) -> std::optional<std::string> {
    return resolve_claim_ref(
        ref, own_document, loc, where, document_ids,
        [&](const std::string& qualified) {
          if (!all_ids_made) {
            for (const auto& c : out.claims) all_ids.push_back(c.qualified_id());
            std::sort(all_ids.begin(), all_ids.end());
            all_ids_made = true;
          }
          return std::binary_search(all_ids.begin(), all_ids.end(), qualified);
        },
        [&](const std::string& document) {
          std::vector<std::string> ids;
          in_input_order([&](const Claim& other) {
            if (other.raw.document == document) ids.push_back(other.raw.id);
          });
          return ids;
        },
        diags);
  };
  in_input_order([&](Claim& c) {
    const ClaimExtras& extras = c.raw.extras.get();
    for (std::size_t i = 0; i < extras.related.size(); ++i) {
      auto qualified = resolve(extras.related[i], c.raw.document, extras.related_locs[i], "related");
      if (!qualified) continue;
      if (*qualified == c.qualified_id())
        diags.error(extras.related_locs[i], fmt::format("claim '{}' lists itself as related", extras.related[i]));
      else c.related.set().push_back(*qualified);
    }
  });
  // Expected findings name claims that exist and rules the packs define, each set of claims once.
  std::map<std::vector<std::string>, SourceLoc> expected_claims;
  for (const auto& set : sets) {
    for (ExpectedFinding e : set.expected) {
      bool resolved = true;
      for (std::size_t i = 0; i < e.claim_refs.size(); ++i) {
        auto qualified = resolve(e.claim_refs[i], e.document, e.claim_locs[i], "an expected finding");
        if (qualified) e.claims.push_back(*qualified);
        else resolved = false;
      }
      for (std::size_t i = 0; i < e.rules.size(); ++i) {
        if (vocab.rule(e.rules[i])) continue;
        std::vector<std::string> ids;
        for (const auto& r : vocab.rules) ids.push_back(r.id);
        diags.error(e.rule_locs[i], fmt::format("unknown rule '{}' in an expected finding{}", e.rules[i],
                                                did_you_mean(e.rules[i], ids)));
        resolved = false;
      }
      if (!resolved) continue;
      std::sort(e.claims.begin(), e.claims.end());
      e.claims.erase(std::unique(e.claims.begin(), e.claims.end()), e.claims.end());
      std::sort(e.rules.begin(), e.rules.end());
      e.rules.erase(std::unique(e.rules.begin(), e.rules.end()), e.rules.end());
      auto [it, inserted] = expected_claims.emplace(e.claims, e.loc);
      if (!inserted) {
        diags.error(e.loc, fmt::format("a second expected finding for the claims {} (the first is at {})",
                                       fmt::join(e.claims, ", "), to_string(it->second)));
        continue;
      }
      out.expected.push_back(std::move(e));
    }
  }
  std::sort(out.expected.begin(), out.expected.end(),
            [](const ExpectedFinding& a, const ExpectedFinding& b) { return a.claims < b.claims; });
  // Input order must not show in the output.
  std::sort(out.documents.begin(), out.documents.end(),
            [](const Document& a, const Document& b) { return a.id < b.id; });
  return out;
}

}  // namespace claimcheck
