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
  // Input order must not show in the output.
  std::sort(out.documents.begin(), out.documents.end(),
            [](const Document& a, const Document& b) { return a.id < b.id; });
  std::sort(out.claims.begin(), out.claims.end(), [](const Claim& a, const Claim& b) {
    return std::tie(a.raw.document, a.raw.id) < std::tie(b.raw.document, b.raw.id);
  });
  return out;
}

}  // namespace claimcheck
