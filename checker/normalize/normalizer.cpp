#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

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
  std::vector<std::string> known = keys_of(vocab.entity_alias);
  std::set<std::string> classes;
  for (const auto& [id, e] : vocab.entities)
    if (!e.entity_class.empty()) classes.insert(e.entity_class);
  known.insert(known.end(), classes.begin(), classes.end());
  Reliability layer;
  layer.fallback = overrides.fallback;
  for (const auto& [name, w] : overrides.entities) {
    if (auto found = vocab.entity_alias.find(name); found != vocab.entity_alias.end()) layer.entities[found->second] = w;
    else if (classes.count(name)) layer.classes[name] = w;
    else diags.error({"--weight", 0, 0}, fmt::format("unknown entity or class '{}'{}", name, did_you_mean(name, known)));
  }
  return layer;
}

NormalizedInput normalize(const std::vector<RawClaimSet>& sets, const Vocabulary& vocab, Diagnostics& diags,
                          const Reliability& overrides, const InputLimits& limits) {
  NormalizedInput out;
  Reliability cli_weights = command_line_layer(overrides, vocab, diags);
  std::map<std::string, SourceLoc> document_ids;
  std::vector<std::string> entity_names;
  for (const auto& [alias, _] : vocab.entity_alias) entity_names.push_back(alias);
  for (const auto& set : sets) {
    const Document& doc = set.document;
    auto [it, inserted] = document_ids.emplace(doc.id, doc.loc);
    if (!inserted) {
      diags.error(doc.loc, fmt::format("document id '{}' is used twice (first in {})", doc.id, to_string(it->second)));
      continue;
    }
    out.documents.push_back(doc);
    // The set's own weights name entities by id or alias.
    Reliability set_weights = set.reliability;
    set_weights.entities.clear();
    for (const auto& [name, w] : set.reliability.entities) {
      auto found = vocab.entity_alias.find(name);
      if (found == vocab.entity_alias.end()) {
        auto at = set.reliability_entity_locs.find(name);
        diags.error(at == set.reliability_entity_locs.end() ? doc.loc : at->second,
                    fmt::format("unknown entity '{}' in reliability{}", name, did_you_mean(name, entity_names)));
      } else {
        set_weights.entities[found->second] = w;
      }
    }
    std::vector<const Reliability*> layers{&cli_weights, &set_weights, &vocab.reliability};
    for (const auto& raw : set.claims) {
      Claim claim;
      claim.raw = raw;
      auto who = vocab.entity_alias.find(raw.said_by);
      if (who == vocab.entity_alias.end()) {
        diags.error(raw.said_by_loc, fmt::format("unknown entity '{}' in said_by{}", raw.said_by,
                                                 did_you_mean(raw.said_by, entity_names)));
      } else {
        claim.said_by = who->second;
      }
      claim.atoms = read_fact(raw, doc, vocab, diags, limits.max_digits);
      if (!claim.said_by.empty()) claim.weight = reliability_weight(claim.said_by, layers, vocab);
      out.claims.push_back(std::move(claim));
    }
  }
  // Cross-references name claims that exist: "id" in the same document or "DOC/id".
  std::vector<std::string> all_ids;
  for (const auto& c : out.claims) all_ids.push_back(c.qualified_id());
  auto resolve = [&](const std::string& ref, const std::string& own_document, const SourceLoc& loc,
                     const char* where) -> std::optional<std::string> {
    std::string qualified = ref.find('/') == std::string::npos ? own_document + "/" + ref : ref;
    std::string document = qualified.substr(0, qualified.find('/'));
    bool known_document = std::any_of(out.documents.begin(), out.documents.end(),
                                      [&](const Document& d) { return d.id == document; });
    if (!known_document) {
      std::vector<std::string> ids;
      for (const auto& d : out.documents) ids.push_back(d.id);
      diags.error(loc, fmt::format("unknown document '{}' in {} '{}'{}; the documents loaded are: {}", document, where,
                                   ref, did_you_mean(document, ids), fmt::join(ids, ", ")));
      return std::nullopt;
    }
    if (std::find(all_ids.begin(), all_ids.end(), qualified) == all_ids.end()) {
      std::vector<std::string> same_document;
      for (const auto& other : out.claims)
        if (other.raw.document == own_document) same_document.push_back(other.raw.id);
      std::string hint = ref.find('/') == std::string::npos ? did_you_mean(ref, same_document) : did_you_mean(ref, all_ids);
      diags.error(loc, fmt::format("unknown claim id '{}' in {}{}", ref, where, hint));
      return std::nullopt;
    }
    return qualified;
  };
  for (auto& c : out.claims) {
    for (std::size_t i = 0; i < c.raw.related.size(); ++i) {
      auto qualified = resolve(c.raw.related[i], c.raw.document, c.raw.related_locs[i], "related");
      if (!qualified) continue;
      if (*qualified == c.qualified_id())
        diags.error(c.raw.related_locs[i], fmt::format("claim '{}' lists itself as related", c.raw.related[i]));
      else c.related.push_back(*qualified);
    }
  }
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
  std::sort(out.claims.begin(), out.claims.end(), [](const Claim& a, const Claim& b) {
    return std::tie(a.raw.document, a.raw.id) < std::tie(b.raw.document, b.raw.id);
  });
  return out;
}

}  // namespace claimcheck
