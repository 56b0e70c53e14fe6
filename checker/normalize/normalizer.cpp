#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "normalize/normalize.hpp"

namespace claimcheck {

NormalizedInput normalize(const std::vector<RawClaimSet>& sets, const Vocabulary& vocab, Diagnostics& diags) {
  NormalizedInput out;
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
      claim.atoms = read_fact(raw, doc, vocab, diags);
      out.claims.push_back(std::move(claim));
    }
  }
  // Cross-references name claims that exist: "id" in the same document or "DOC/id".
  std::vector<std::string> all_ids;
  for (const auto& c : out.claims) all_ids.push_back(c.qualified_id());
  for (auto& c : out.claims) {
    for (std::size_t i = 0; i < c.raw.related.size(); ++i) {
      const std::string& ref = c.raw.related[i];
      std::string qualified = ref.find('/') == std::string::npos ? c.raw.document + "/" + ref : ref;
      if (std::find(all_ids.begin(), all_ids.end(), qualified) == all_ids.end()) {
        std::vector<std::string> same_document;
        for (const auto& other : out.claims)
          if (other.raw.document == c.raw.document) same_document.push_back(other.raw.id);
        std::string hint = ref.find('/') == std::string::npos ? did_you_mean(ref, same_document) : did_you_mean(ref, all_ids);
        diags.error(c.raw.related_locs[i], fmt::format("unknown claim id '{}' in related{}", ref, hint));
      } else if (qualified == c.qualified_id()) {
        diags.error(c.raw.related_locs[i], fmt::format("claim '{}' lists itself as related", ref));
      } else {
        c.related.push_back(qualified);
      }
    }
  }
  // Input order must not show in the output.
  std::sort(out.documents.begin(), out.documents.end(),
            [](const Document& a, const Document& b) { return a.id < b.id; });
  std::sort(out.claims.begin(), out.claims.end(), [](const Claim& a, const Claim& b) {
    return std::tie(a.raw.document, a.raw.id) < std::tie(b.raw.document, b.raw.id);
  });
  return out;
}

}  // namespace claimcheck
