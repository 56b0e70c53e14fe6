#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "load/loaders.hpp"
#include "load/claim_fields.hpp"
#include "load/yaml_reader.hpp"

namespace claimcheck {


// compare_periods: [{periods: [2006, 2006-04..2007-03], caveat: "..."}], periods in ISO form.
static void read_period_proxies(const YAML::Node& list, const YamlContext& yc, Document& document) {
  if (!list.IsSequence()) {
    yc.error(list, "expected compare_periods as a list of {periods: [A, B], caveat: text}");
    return;
  }
  for (const auto& item : list) {
    if (!yc.check_mapping(item, "a period comparison", {"periods", "caveat"}, {"periods", "caveat"}) || !item["periods"] ||
        !item["caveat"])
      continue;
    std::vector<SourceLoc> locs;
    auto texts = yc.scalar_list(item["periods"], "two periods", &locs);
    PeriodProxy proxy;
    proxy.loc = yc.loc(item);
    proxy.caveat = yc.scalar(item["caveat"], "a caveat: what differs between the periods").value_or("");
    if (!fill_period_proxy(texts, locs, yc.loc(item["periods"]), proxy, yc.diags())) continue;
    document.compare_periods.push_back(std::move(proxy));
  }
}

// expected_findings: [{kind, rule | rules, claims, reason}], what `claimcheck regress` compares with.
static void read_expected_findings(const YAML::Node& list, const YamlContext& yc, RawClaimSet& set) {
  if (!list.IsSequence()) {
    yc.error(list, fmt::format("expected expected_findings as a list of {{kind, rules, claims, reason}}, found {}",
                               describe(list)));
    return;
  }
  const std::vector<FindingKind> kinds{FindingKind::contradiction, FindingKind::tension, FindingKind::caveat,
                                       FindingKind::unknown};
  std::vector<std::string> kind_names;
  for (FindingKind k : kinds) kind_names.push_back(to_string(k));
  for (const auto& item : list) {
    // check_mapping names a missing key; reading one would throw (yaml-cpp's zombie nodes).
    if (!yc.check_mapping(item, "an expected finding", {"kind", "rule", "rules", "claims", "reason"},
                          {"kind", "claims", "reason"}) ||
        !item["kind"] || !item["claims"] || !item["reason"])
      continue;
    ExpectedFinding e;
    e.loc = yc.loc(item);
    e.document = set.document.id;
    if (auto kind = yc.scalar(item["kind"], "a finding kind")) {
      auto found = std::find(kind_names.begin(), kind_names.end(), *kind);
      if (found == kind_names.end())
        yc.error(item["kind"], fmt::format("unknown finding kind '{}'{}; expected contradiction, tension, caveat or unknown",
                                           *kind, did_you_mean(*kind, kind_names)));
      else e.kind = kinds[static_cast<std::size_t>(found - kind_names.begin())];
    }
    if (item["rule"] && item["rules"]) {
      yc.error(item["rules"], "give either 'rule' (one rule id) or 'rules' (a list), not both");
    } else if (item["rule"]) {
      if (auto id = yc.scalar(item["rule"], "a rule id")) {
        e.rules.push_back(*id);
        e.rule_locs.push_back(yc.text_loc(item["rule"]));
      }
    } else if (item["rules"]) {
      e.rules = yc.scalar_list(item["rules"], "rule ids", &e.rule_locs);
    } else {
      yc.error(item, "an expected finding needs 'rule' (one rule id) or 'rules' (a list)");
    }
    e.claim_refs = yc.scalar_list(item["claims"], "claim ids", &e.claim_locs);
    if (e.claim_refs.empty() && item["claims"].IsSequence())
      yc.error(item["claims"], "an expected finding names at least one claim");
    e.reason = yc.scalar(item["reason"], "the curator's reason").value_or("");
    if (item["reason"] && item["reason"].IsScalar() && e.reason.find_first_not_of(" \t") == std::string::npos)
      yc.error(item["reason"], "the reason is empty; say why this finding is expected");
    set.expected.push_back(std::move(e));
  }
}

static std::optional<RawClaimSet> claim_set_of(const YamlDocument& doc, Diagnostics& diags);

std::optional<RawClaimSet> load_claim_set(const std::string& path, Diagnostics& diags, const InputLimits& limits) {
  return claim_set_of(read_yaml(path, diags, limits), diags);
}

std::optional<RawClaimSet> parse_claim_set(const std::string& path, std::string text, Diagnostics& diags,
                                           const InputLimits& limits) {
  return claim_set_of(parse_yaml(path, std::move(text), diags, limits), diags);
}

static std::optional<RawClaimSet> claim_set_of(const YamlDocument& doc, Diagnostics& diags) {
  const std::string& path = doc.path;
  if (!doc.ok) return std::nullopt;
  YamlContext yc(doc, diags);
  const YAML::Node& root = doc.root;
  if (!yc.check_mapping(root, "a claim set", {"document", "claims", "reliability", "compare_periods", "expected_findings"},
                        {"document", "claims"}))
    return std::nullopt;
  RawClaimSet set;
  set.document.file = path;
  std::size_t errors_before = diags.errors().size();

  if (root["document"]) {
    const YAML::Node& d = root["document"];
    if (yc.check_mapping(d, "the document", {"id", "title", "published", "author", "covers", "source"},
                         {"id", "published"})) {
      set.document.loc = yc.loc(d);
      if (d["id"]) set.document.id = yc.scalar(d["id"], "a document id").value_or("");
      if (d["title"]) set.document.title = yc.scalar(d["title"], "a title").value_or("");
      if (d["author"]) set.document.author = yc.scalar(d["author"], "an author").value_or("");
      if (d["published"]) {
        set.published_text = yc.scalar(d["published"], "a publication date").value_or("");
        set.published_loc = yc.text_loc(d["published"]);
        std::string error;
        if (auto date = parse_iso_date(set.published_text, error)) set.document.published = *date;
        else if (!set.published_text.empty()) diags.error(set.published_loc, error);
      }
      if (d["covers"]) {
        set.covers_text = yc.scalar(d["covers"], "a period").value_or("");
        set.covers_loc = yc.text_loc(d["covers"]);
        std::string error;
        if (auto period = parse_iso_period(set.covers_text, error)) set.document.covers = *period;
        else if (!set.covers_text.empty()) diags.error(set.covers_loc, error);
      }
      if (d["source"]) {
        set.document.source = yc.scalar(d["source"], "a source path").value_or("");
        set.source_loc = yc.text_loc(d["source"]);
      }
    }
  }

  if (root["reliability"]) {
    read_reliability(root["reliability"], yc, set.reliability, &set.reliability_entity_locs);
  }
  if (const YAML::Node& list = root["compare_periods"]) read_period_proxies(list, yc, set.document);
  if (const YAML::Node& list = root["expected_findings"]) read_expected_findings(list, yc, set);

  std::string source_text;
  bool have_source = false;
  if (!set.document.source.empty()) {
    if (auto text = read_source_text(path, set.document.source, set.source_loc, diags)) {
      source_text = std::move(*text);
      have_source = true;
    }
  }

  const YAML::Node& claims = root["claims"];
  if (claims && !claims.IsSequence()) {
    yc.error(claims, fmt::format("expected claims as a list, found {}", describe(claims)));
  } else if (claims) {
    std::map<std::string, int> ids;
    for (const auto& item : claims) {
      if (!yc.check_mapping(item, "a claim",
                            {"id", "said_by", "at", "quote", "fact", "value", "modality", "tense", "note", "related"},
                            {"id", "said_by", "at", "quote", "fact"}))
        continue;
      RawClaim c;
      c.document = set.document.id;
      c.loc = yc.loc(item);
      if (item["id"]) {
        c.id = yc.scalar(item["id"], "a claim id").value_or("");
        auto [it, inserted] = ids.emplace(c.id, c.loc.line);
        if (!inserted)
          yc.error(item["id"], fmt::format("duplicate claim id '{}' (first at line {})", c.id, it->second));
      }
      if (item["said_by"]) {
        c.said_by = yc.scalar(item["said_by"], "an entity").value_or("");
        c.said_by_loc = yc.text_loc(item["said_by"]);
      }
      if (item["at"]) c.at = yc.scalar(item["at"], "a location in the document").value_or("");
      if (item["quote"]) {
        c.quote = yc.scalar(item["quote"], "a quote").value_or("");
        if (have_source && !c.quote.empty())
          if (auto error = place_quote(source_text, set.document.source, c)) yc.error(item["quote"], *error);
      }
      if (item["fact"]) {
        c.fact = yc.scalar(item["fact"], "a fact expression").value_or("");
        c.fact_loc = yc.text_loc(item["fact"]);
      }
      if (item["value"]) {
        c.value.set() = {yc.scalar(item["value"], "a value").value_or(""), yc.text_loc(item["value"])};
      }
      if (item["note"]) c.extras.set().note = yc.scalar(item["note"], "a note").value_or("");
      if (item["related"]) {
        ClaimExtras& extras = c.extras.set();
        extras.related = yc.scalar_list(item["related"], "related claim ids", &extras.related_locs);
      }
      if (item["modality"]) {
        if (auto m = yc.scalar(item["modality"], "a modality")) {
          if (auto modality = modality_named(*m)) c.modality = *modality;
          else yc.error(item["modality"], unknown_modality_message(*m));
        }
      }
      if (item["tense"]) {
        if (auto t = yc.scalar(item["tense"], "a tense")) {
          if (auto tense = tense_named(*t)) c.tense = *tense;
          else yc.error(item["tense"], unknown_tense_message(*t));
        }
      }
      set.claims.push_back(std::move(c));
    }
  }
  if (diags.errors().size() != errors_before) return std::nullopt;
  return set;
}

}  // namespace claimcheck
