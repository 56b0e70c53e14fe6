// Findings for other tools: SARIF 2.1.0 for code-review tools, CSV for spreadsheets.
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <algorithm>
#include <map>

#include "report/report.hpp"

namespace claimcheck {

using nlohmann::ordered_json;

namespace {

// A relative path as a URI reference: '/' kept, anything outside the unreserved set escaped.
std::string uri_of(const std::string& path) {
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') out.push_back(static_cast<char>(c));
    else out += fmt::format("%{:02X}", c);
  }
  return out;
}

ordered_json location_of(const Claim& claim) {
  const SourceLoc& at = claim.raw.loc;
  ordered_json region = {{"startLine", std::max(1, at.line)}, {"startColumn", std::max(1, at.col)}};
  return {{"physicalLocation", {{"artifactLocation", {{"uri", uri_of(at.file.str())}}}, {"region", region}}}};
}

const char* level_of(FindingKind kind) {
  switch (kind) {
    case FindingKind::contradiction: return "error";
    case FindingKind::tension:
    case FindingKind::unknown: return "warning";
    case FindingKind::caveat: return "note";
  }
  return "warning";
}

// The rule a SARIF result is filed under: the finding's first rule, or the pseudo-rule for
// components the solver left undecided.
constexpr const char* kUndecidedRule = "undecided";

std::string primary_rule(const Finding& f) { return f.rule_ids.empty() ? kUndecidedRule : f.rule_ids.front(); }

std::string finding_message(const CheckResult& r, const Finding& f) {
  std::vector<std::string> ids;
  for (int c : f.claims) ids.push_back(r.claims[c].qualified_id());
  std::string what = f.kind == FindingKind::unknown ? "Undecided: " + f.unknown_reason
                     : f.claims.size() == 1         ? "This claim cannot be true under the rules"
                                                    : fmt::format("These {} claims cannot all be true", f.claims.size());
  std::string out = fmt::format("{} ({}): {}.", what, to_string(f.kind), fmt::join(ids, ", "));
  if (!f.numbers.empty() && f.kind != FindingKind::unknown) out += " " + f.numbers.front();
  for (const auto& caveat : f.caveats) out += " Caveat: " + caveat + ".";
  return out;
}

}  // namespace

std::string sarif_report(const CheckResult& r, const Vocabulary& vocab) {
  ordered_json rules = ordered_json::array();
  std::vector<std::string> rule_ids;
  for (const auto& f : r.findings) {
    std::string id = primary_rule(f);
    if (std::find(rule_ids.begin(), rule_ids.end(), id) == rule_ids.end()) rule_ids.push_back(id);
  }
  std::sort(rule_ids.begin(), rule_ids.end());
  for (const auto& id : rule_ids) {
    const RuleSpec* spec = vocab.rule(id);
    std::string text = spec ? spec->description : "The solver could not decide the component within its limits.";
    rules.push_back({{"id", id},
                     {"shortDescription", {{"text", spec ? to_string(spec->kind) + " rule " + id : "undecided component"}}},
                     {"fullDescription", {{"text", text}}}});
  }
  ordered_json results = ordered_json::array();
  for (const auto& f : r.findings) {
    ordered_json result;
    std::string rule = primary_rule(f);
    result["ruleId"] = rule;
    result["ruleIndex"] = std::find(rule_ids.begin(), rule_ids.end(), rule) - rule_ids.begin();
    result["level"] = level_of(f.kind);
    result["message"] = {{"text", finding_message(r, f)}};
    ordered_json locations = ordered_json::array(), related = ordered_json::array();
    for (std::size_t k = 0; k < f.claims.size(); ++k) {
      const Claim& claim = r.claims[f.claims[k]];
      if (k == 0) {
        locations.push_back(location_of(claim));
        continue;
      }
      ordered_json loc = location_of(claim);
      loc["id"] = static_cast<int>(k);
      loc["message"] = {{"text", fmt::format("{} ({}): \"{}\"", claim.qualified_id(), claim.said_by, claim.raw.quote)}};
      related.push_back(loc);
    }
    if (!locations.empty()) result["locations"] = locations;
    if (!related.empty()) result["relatedLocations"] = related;
    result["partialFingerprints"] = {{"claimcheckFingerprint/v1", f.fingerprint}};
    result["properties"] = {{"kind", to_string(f.kind)}, {"rules", f.rule_ids}, {"numbers", f.numbers}, {"caveats", f.caveats}};
    // A reviewed suppression file is kept beside the claim sets, not in them: SARIF's "external".
    if (f.suppressed)
      result["suppressions"] = ordered_json::array(
          {{{"kind", "external"},
            {"status", "accepted"},
            {"justification", f.suppressed->why},
            {"properties", {{"by", f.suppressed->by}, {"date", iso(f.suppressed->date)}}}}});
    // SARIF's own vocabulary for a run compared with an earlier one.
    if (!f.since.empty()) result["baselineState"] = f.since == "new" ? "new" : "unchanged";
    results.push_back(result);
  }
  for (const auto& gone : r.history.resolved)
    results.push_back({{"ruleId", gone.rules.substr(0, gone.rules.find(','))},
                       {"level", "none"},
                       {"message", {{"text", fmt::format("resolved since run {}: the {} {} by {} among {} is gone",
                                                         r.history.previous_run, gone.kind, gone.fingerprint, gone.rules,
                                                         gone.claims)}}},
                       {"partialFingerprints", {{"claimcheckFingerprint/v1", gone.fingerprint}}},
                       {"baselineState", "absent"}});
  ordered_json driver = {{"name", "claimcheck"}, {"version", "0.1.0"}, {"rules", rules}};
  ordered_json root;
  root["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  root["version"] = "2.1.0";
  root["runs"] = ordered_json::array({{{"tool", {{"driver", driver}}}, {"results", results}}});
  // A file path need not be UTF-8: such bytes print as U+FFFD rather than throw.
  return root.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

namespace {

// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += "\"\"";
    else out.push_back(c);
  }
  return out + "\"";
}

}  // namespace

std::string csv_report(const CheckResult& r, const Vocabulary& vocab) {
  std::string out = "fingerprint,kind,component,rules,claims,sources,locations,quotes,numbers,caveats,suppressed,since\r\n";
  for (const auto& f : r.findings) {
    std::vector<std::string> ids, sources, locations, quotes;
    for (int c : f.claims) {
      const Claim& claim = r.claims[c];
      ids.push_back(claim.qualified_id());
      sources.push_back(vocab.entity_label(claim.said_by));
      locations.push_back(to_string(claim.raw.loc));
      quotes.push_back(claim.raw.quote);
    }
    std::vector<std::string> fields{f.fingerprint,
                                    to_string(f.kind),
                                    std::to_string(f.component),
                                    fmt::format("{}", fmt::join(f.rule_ids, "; ")),
                                    fmt::format("{}", fmt::join(ids, "; ")),
                                    fmt::format("{}", fmt::join(sources, "; ")),
                                    fmt::format("{}", fmt::join(locations, "; ")),
                                    fmt::format("{}", fmt::join(quotes, "\n")),
                                    fmt::format("{}", fmt::join(f.numbers, "\n")),
                                    fmt::format("{}", fmt::join(f.caveats, "\n")),
                                    f.suppressed ? suppression_note(*f.suppressed) : "",
                                    f.since};
    for (std::size_t k = 0; k < fields.size(); ++k) out += (k ? "," : "") + csv_field(fields[k]);
    out += "\r\n";
  }
  return out;
}

}  // namespace claimcheck

namespace claimcheck {

namespace {

ordered_json agent_of(const Vocabulary& vocab, const std::string& entity) {
  auto it = vocab.entities.find(entity);
  bool person = it != vocab.entities.end() &&
                (it->second.entity_class == "person" || it->second.entity_class == "official");
  std::string name = it != vocab.entities.end() && !it->second.name.empty() ? it->second.name : entity;
  return {{"@type", person ? "Person" : "Organization"}, {"name", name}};
}

}  // namespace

std::string claimreview_draft(const CheckResult& r, const Vocabulary& vocab) {
  // Every claim some finding disputes, in claim order, with the findings that dispute it.
  std::map<int, std::vector<const Finding*>> disputed;
  for (const auto& f : r.findings)
    if (f.kind != FindingKind::unknown)
      for (int c : f.claims) disputed[c].push_back(&f);
  ordered_json graph = ordered_json::array();
  for (const auto& [c, findings] : disputed) {
    const Claim& claim = r.claims[c];
    auto doc = std::find_if(r.documents.begin(), r.documents.end(),
                            [&](const Document& d) { return d.id == claim.raw.document; });
    ordered_json appearance = {{"@type", "CreativeWork"}, {"name", doc != r.documents.end() ? doc->title : ""}};
    if (doc != r.documents.end()) {
      appearance["author"] = {{"@type", "Organization"}, {"name", doc->author}};
      appearance["datePublished"] = iso(doc->published);
    }
    graph.push_back({{"@type", "Claim"},
                     {"@id", "#claim-" + claim.qualified_id()},
                     {"text", claim.raw.quote},
                     {"author", agent_of(vocab, claim.said_by)},
                     {"datePublished", doc != r.documents.end() ? iso(doc->published) : ""},
                     {"appearance", appearance}});
  }
  for (const auto& [c, findings] : disputed) {
    const Claim& claim = r.claims[c];
    std::vector<std::string> explained;
    for (const Finding* f : findings) {
      std::vector<std::string> others;
      for (int o : f->claims)
        if (o != c)
          others.push_back(fmt::format("\"{}\" ({}, {} {})", r.claims[o].raw.quote,
                                       agent_of(vocab, r.claims[o].said_by)["name"].get<std::string>(),
                                       r.claims[o].raw.document, r.claims[o].raw.at));
      std::string with = others.empty() ? "the rules alone" : fmt::format("{}", fmt::join(others, "; "));
      explained.push_back(fmt::format("{} ({}): against {}. {}{}", to_string(f->kind), f->fingerprint, with,
                                      f->numbers.empty() ? std::string() : f->numbers.front(),
                                      f->suppressed ? " (" + suppression_note(*f->suppressed) + ")" : ""));
    }
    graph.push_back(
        {{"@type", "ClaimReview"},
         {"@id", "#review-" + claim.qualified_id()},
         {"claimReviewed", claim.raw.quote},
         {"itemReviewed", {{"@id", "#claim-" + claim.qualified_id()}}},
         {"reviewBody", fmt::format("{}", fmt::join(explained, "\n"))},
         // A ClaimReview is a publisher's verdict: claimcheck shows the discrepancy, an editor rates.
         {"reviewRating", {{"@type", "Rating"}, {"alternateName", ""}, {"ratingExplanation", "to be written by an editor"}}},
         {"author", {{"@type", "Organization"}, {"name", ""}}}});
  }
  ordered_json root = {{"@context", "https://schema.org"}, {"@graph", graph}};
  // A file path need not be UTF-8: such bytes print as U+FFFD rather than throw.
  return root.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace claimcheck
