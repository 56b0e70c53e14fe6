#include <nlohmann/json.hpp>

#include <algorithm>

#include "report/report.hpp"

namespace claimcheck {

using nlohmann::ordered_json;

static ordered_json interval_json(const Interval& i, const Variable& var) {
  ordered_json j = ordered_json::object();
  j["text"] = interval_text(i, var);
  if (i.lo) j["lower"] = {{"value", to_fraction_string(i.lo->value)}, {"strict", i.lo->strict}};
  if (i.hi) j["upper"] = {{"value", to_fraction_string(i.hi->value)}, {"strict", i.hi->strict}};
  return j;
}

static ordered_json claim_json(const CheckResult& r, int c) {
  const Claim& claim = r.claims[c];
  ordered_json j;
  j["id"] = claim.qualified_id();
  j["document"] = claim.raw.document;
  j["said_by"] = claim.said_by;
  j["at"] = claim.raw.at;
  j["quote"] = claim.raw.quote;
  j["fact"] = claim.raw.fact;
  j["modality"] = to_string(claim.raw.modality);
  j["weight"] = claim.weight;
  j["location"] = to_string(claim.raw.loc);
  if (int first = r.problem.representative(c); first != c) j["restates"] = r.claims[first].qualified_id();
  ordered_json atoms = ordered_json::array();
  for (std::size_t a = 0; a < claim.atoms.size(); ++a) {
    const Atom& atom = claim.atoms[a];
    const Variable& var = r.problem.variables[r.problem.atom_vars[c][a]];
    ordered_json aj;
    aj["key"] = atom.key.text();
    if (atom.kind == AtomKind::proposition) aj["holds"] = atom.polarity;
    else aj["interval"] = interval_json(atom.interval, var);
    aj["wording"] = atom.wording;
    atoms.push_back(aj);
  }
  j["facts"] = atoms;
  if (!claim.raw.note.empty()) j["note"] = claim.raw.note;
  if (!claim.related.empty()) j["related"] = claim.related;
  return j;
}

std::string json_report(const CheckResult& r, const Vocabulary& vocab) {
  ordered_json root;
  root["schema"] = kReportSchema;
  ordered_json docs = ordered_json::array();
  for (const auto& d : r.documents) {
    ordered_json j;
    j["id"] = d.id;
    j["title"] = d.title;
    j["author"] = d.author;
    j["published"] = iso(d.published);
    if (d.covers) j["covers"] = label(*d.covers);
    j["file"] = d.file;
    docs.push_back(j);
  }
  root["documents"] = docs;
  auto status_count = [&](Status s) {
    return std::count_if(r.outcomes.begin(), r.outcomes.end(), [&](const Outcome& o) { return o.status == s; });
  };
  root["summary"] = {
      {"claims", r.claims.size()},
      {"rules", vocab.rules.size()},
      {"rule_instances", r.problem.instances.size()},
      {"components", r.components.size()},
      {"consistent", status_count(Status::consistent)},
      {"inconsistent", status_count(Status::inconsistent)},
      {"unknown", status_count(Status::unknown)},
      {"findings", r.findings.size()},
      {"suppressed", suppressed_findings(r)},
  };
  if (!r.history.file.empty()) {
    ordered_json resolved = ordered_json::array();
    for (const auto& gone : r.history.resolved)
      resolved.push_back({{"fingerprint", gone.fingerprint}, {"kind", gone.kind}, {"rules", gone.rules},
                          {"claims", gone.claims}, {"suppressed", gone.suppressed}});
    root["history"] = {{"file", r.history.file},
                       {"run", r.history.run},
                       {"previous_run", r.history.previous_run == 0 ? ordered_json(nullptr) : ordered_json(r.history.previous_run)},
                       {"new", std::count_if(r.findings.begin(), r.findings.end(), [](const Finding& f) { return f.since == "new"; })},
                       {"persisting", std::count_if(r.findings.begin(), r.findings.end(),
                                                    [](const Finding& f) { return f.since == "persisting"; })},
                       {"resolved", resolved}};
  }
  if (!r.baseline_file.empty()) root["baseline"] = {{"file", r.baseline_file}, {"omitted", r.baseline_omitted}};
  auto suppression_json = [](const Suppression& s) {
    return ordered_json{{"by", s.by}, {"why", s.why}, {"date", iso(s.date)}};
  };
  if (!r.stale_suppressions.empty()) {
    ordered_json stale = ordered_json::array();
    for (const auto& s : r.stale_suppressions) {
      ordered_json j = suppression_json(s);
      j["fingerprint"] = s.fingerprint;
      j["at"] = to_string(s.loc);
      stale.push_back(j);
    }
    root["stale_suppressions"] = stale;
  }
  ordered_json findings = ordered_json::array();
  for (const auto& f : r.findings) {
    ordered_json j;
    j["fingerprint"] = f.fingerprint;
    j["kind"] = to_string(f.kind);
    j["component"] = f.component;
    ordered_json rules = ordered_json::array();
    for (const auto& id : f.rule_ids) {
      const RuleSpec* spec = vocab.rule(id);
      ordered_json rj;
      rj["id"] = id;
      if (spec) {
        rj["kind"] = to_string(spec->kind);
        rj["description"] = spec->description;
      }
      rules.push_back(rj);
    }
    j["rules"] = rules;
    ordered_json claims = ordered_json::array();
    for (int c : f.claims) claims.push_back(claim_json(r, c));
    j["claims"] = claims;
    j["numbers"] = f.numbers;
    j["caveats"] = f.caveats;
    if (f.kind == FindingKind::unknown) j["reason"] = f.unknown_reason;
    if (f.widening) j["widening"] = {{"factor", to_fraction_string(*f.widening)}, {"text", to_display(*f.widening)}};
    if (f.rounding_widening)
      j["rounding_widening"] = {{"factor", to_fraction_string(*f.rounding_widening)}, {"text", to_display(*f.rounding_widening)}};
    if (f.suppressed) j["suppressed"] = suppression_json(*f.suppressed);
    if (!f.since.empty()) j["since"] = f.since;
    findings.push_back(j);
  }
  root["findings"] = findings;
  ordered_json comparisons = ordered_json::array();
  for (const auto& c : r.comparisons) {
    comparisons.push_back({{"fingerprint", c.fingerprint},
                           {"component", c.component},
                           {"rule", c.rule_id},
                           {"instance", c.instance},
                           {"claims_allow", c.bounds},
                           {"witness", c.witness},
                           {"witness_source", r.outcomes[c.component - 1].witness_source},
                           {"caveats", c.caveats}});
  }
  root["comparisons"] = comparisons;
  ordered_json corroboration = ordered_json::array();
  for (const auto& co : r.corroborations) {
    ordered_json families = ordered_json::array();
    for (const auto& family : co.families) {
      ordered_json ids = ordered_json::array();
      for (int c : family) ids.push_back(r.claims[c].qualified_id());
      families.push_back(ids);
    }
    ordered_json j;
    j["key"] = r.problem.variables[co.var].key.text();
    j["claims"] = co.claims.size();
    j["agree"] = co.agree;
    j["independent_families"] = co.families.size();
    j["families"] = families;
    corroboration.push_back(j);
  }
  root["corroboration"] = corroboration;
  ordered_json components = ordered_json::array();
  for (std::size_t k = 0; k < r.components.size(); ++k) {
    const auto& comp = r.components[k];
    ordered_json ids = ordered_json::array();
    for (int c : r.problem.with_restatements(comp.claims)) ids.push_back(r.claims[c].qualified_id());
    ordered_json j;
    j["id"] = comp.id;
    j["claims"] = ids;
    j["rule_instances"] = comp.instances.size();
    j["outcome"] = to_string(r.outcomes[k].status);
    if (r.outcomes[k].status == Status::consistent) j["witness_source"] = r.outcomes[k].witness_source;
    if (r.outcomes[k].status == Status::unknown) j["reason"] = r.outcomes[k].unknown_reason;
    if (r.outcomes[k].status == Status::inconsistent) {
      const Outcome& o = r.outcomes[k];
      ordered_json repairs = ordered_json::array();
      for (const Repair& repair : o.repairs) {
        ordered_json rj;
        ordered_json claims = ordered_json::array(), resolves = ordered_json::object(), instances = ordered_json::array();
        for (int c : r.problem.with_restatements(repair.claims)) claims.push_back(r.claims[c].qualified_id());
        for (int c : repair.claims) resolves[r.claims[c].qualified_id()] = conflicts_containing(o, c);
        for (int i : repair.instances) instances.push_back(r.problem.instances[i].rule_id);
        rj["claims"] = claims;
        if (!repair.instances.empty()) rj["soft_rules"] = instances;
        rj["weight"] = repair.weight;
        rj["resolves"] = resolves;
        repairs.push_back(rj);
      }
      j["doubt"] = repairs;
      j["doubt_is_cheapest"] = o.repairs_optimal;
      if (!o.repairs_note.empty()) j["doubt_note"] = o.repairs_note;
      j["conflicts"] = r.outcomes[k].conflicts.size();
      j["enumeration_complete"] = r.outcomes[k].enumeration_complete;
      if (!r.outcomes[k].enumeration_complete) j["enumeration_note"] = r.outcomes[k].enumeration_note;
    }
    j["solver_checks"] = r.outcomes[k].solver_checks;
    components.push_back(j);
  }
  ordered_json untouched = ordered_json::array();
  for (int c : r.untouched_claims) untouched.push_back(r.claims[c].qualified_id());
  root["coverage"] = {{"claims_checked", r.claims.size()}, {"untouched_claims", untouched}, {"components", components}};
  return root.dump(2) + "\n";
}

}  // namespace claimcheck
