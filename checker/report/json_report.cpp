#include <nlohmann/json.hpp>

#include <algorithm>

#include <fmt/format.h>

#include "model/parallel.hpp"
#include "report/json_parts.hpp"
#include "report/report.hpp"

namespace claimcheck {

namespace json_parts {

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
    atoms.push_back(std::move(aj));
  }
  j["facts"] = std::move(atoms);
  if (!claim.raw.note.empty()) j["note"] = claim.raw.note;
  if (!claim.related.empty()) j["related"] = claim.related;
  return j;
}

static ordered_json suppression_json(const Suppression& s) {
  return ordered_json{{"by", s.by}, {"why", s.why}, {"date", iso(s.date)}};
}

// An item as dump(2) prints it `indent` spaces deep: JSON strings hold no raw line break, so
// every line break is one of dump's.
std::string indented(const ordered_json& item, int indent) {
  std::string text = item.dump(2), out;
  out.reserve(text.size() + text.size() / 8);
  for (char ch : text) {
    out += ch;
    if (ch == '\n') out.append(static_cast<std::size_t>(indent), ' ');
  }
  return out;
}

std::string array_text(const std::vector<std::string>& items, int indent) {
  if (items.empty()) return "[]";
  std::size_t size = 2 + static_cast<std::size_t>(indent);
  for (const auto& item : items) size += item.size() + static_cast<std::size_t>(indent) + 4;
  std::string out;
  out.reserve(size);
  out += '[';
  for (std::size_t k = 0; k < items.size(); ++k) {
    out += k == 0 ? "\n" : ",\n";
    out.append(static_cast<std::size_t>(indent) + 2, ' ');
    out += items[k];
  }
  out += '\n';
  out.append(static_cast<std::size_t>(indent), ' ');
  out += ']';
  return out;
}

ReportCounts report_counts(const CheckResult& r, const Vocabulary& vocab) {
  ReportCounts n;
  n.claims = r.claims.size();
  n.rules = vocab.rules.size();
  n.rule_instances = r.problem.instances.size();
  n.components = r.components.size();
  for (const auto& o : r.outcomes) {
    n.consistent += o.status == Status::consistent ? 1 : 0;
    n.inconsistent += o.status == Status::inconsistent ? 1 : 0;
    n.unknown += o.status == Status::unknown ? 1 : 0;
  }
  n.findings = r.findings.size();
  n.suppressed = suppressed_findings(r);
  return n;
}

ordered_json summary_json(const ReportCounts& n) {
  return {
      {"claims", n.claims},
      {"rules", n.rules},
      {"rule_instances", n.rule_instances},
      {"components", n.components},
      {"consistent", n.consistent},
      {"inconsistent", n.inconsistent},
      {"unknown", n.unknown},
      {"findings", n.findings},
      {"suppressed", n.suppressed},
  };
}

ordered_json document_json(const Document& d) {
  ordered_json j;
  j["id"] = d.id;
  j["title"] = d.title;
  j["author"] = d.author;
  j["published"] = iso(d.published);
  if (d.covers) j["covers"] = label(*d.covers);
  j["file"] = d.file;
  return j;
}

ordered_json finding_json(const CheckResult& r, const Vocabulary& vocab, const Finding& f, int first_component) {
  ordered_json j;
  j["fingerprint"] = f.fingerprint;
  j["kind"] = to_string(f.kind);
  j["component"] = first_component + f.component - 1;
  ordered_json rules = ordered_json::array();
  for (const auto& id : f.rule_ids) {
    const RuleSpec* spec = vocab.rule(id);
    ordered_json rj;
    rj["id"] = id;
    if (spec) {
      rj["kind"] = to_string(spec->kind);
      rj["description"] = spec->description;
    }
    rules.push_back(std::move(rj));
  }
  j["rules"] = std::move(rules);
  ordered_json claims = ordered_json::array();
  for (int c : f.claims) claims.push_back(claim_json(r, c));
  j["claims"] = std::move(claims);
  j["numbers"] = f.numbers;
  j["caveats"] = f.caveats;
  if (f.kind == FindingKind::unknown) j["reason"] = f.unknown_reason;
  if (f.widening) j["widening"] = {{"factor", to_fraction_string(*f.widening)}, {"text", to_display(*f.widening)}};
  if (f.rounding_widening)
    j["rounding_widening"] = {{"factor", to_fraction_string(*f.rounding_widening)}, {"text", to_display(*f.rounding_widening)}};
  if (f.suppressed) j["suppressed"] = suppression_json(*f.suppressed);
  if (!f.since.empty()) j["since"] = f.since;
  return j;
}

ordered_json comparison_json(const CheckResult& r, const Comparison& c, int first_component) {
  return {{"fingerprint", c.fingerprint},
          {"component", first_component + c.component - 1},
          {"rule", c.rule_id},
          {"instance", c.instance},
          {"claims_allow", c.bounds},
          {"witness", c.witness},
          {"witness_source", r.outcomes[c.component - 1].witness_source},
          {"caveats", c.caveats}};
}

ordered_json corroboration_json(const CheckResult& r, const Corroboration& co) {
  ordered_json families = ordered_json::array();
  for (const auto& family : co.families) {
    ordered_json ids = ordered_json::array();
    for (int c : family) ids.push_back(r.claims[c].qualified_id());
    families.push_back(std::move(ids));
  }
  ordered_json j;
  j["key"] = r.problem.variables[co.var].key.text();
  j["claims"] = co.claims.size();
  j["agree"] = co.agree;
  j["independent_families"] = co.families.size();
  j["families"] = std::move(families);
  return j;
}

ordered_json component_json(const CheckResult& r, std::size_t k, int first_component) {
  const auto& comp = r.components[k];
  const Outcome& o = r.outcomes[k];
  ordered_json ids = ordered_json::array();
  for (int c : r.problem.with_restatements(comp.claims)) ids.push_back(r.claims[c].qualified_id());
  ordered_json j;
  j["id"] = first_component + comp.id - 1;
  j["claims"] = std::move(ids);
  j["rule_instances"] = comp.instances.size();
  j["outcome"] = to_string(o.status);
  if (o.status == Status::consistent) j["witness_source"] = o.witness_source;
  if (o.status == Status::unknown) j["reason"] = o.unknown_reason;
  if (o.status == Status::inconsistent) {
    ordered_json repairs = ordered_json::array();
    for (const Repair& repair : o.repairs) {
      ordered_json rj;
      ordered_json claims = ordered_json::array(), resolves = ordered_json::object(), instances = ordered_json::array();
      for (int c : r.problem.with_restatements(repair.claims)) claims.push_back(r.claims[c].qualified_id());
      for (int c : repair.claims) resolves[r.claims[c].qualified_id()] = conflicts_containing(o, c);
      for (int i : repair.instances) instances.push_back(r.problem.instances[i].rule_id);
      rj["claims"] = std::move(claims);
      if (!repair.instances.empty()) rj["soft_rules"] = std::move(instances);
      rj["weight"] = repair.weight;
      rj["resolves"] = std::move(resolves);
      repairs.push_back(std::move(rj));
    }
    j["doubt"] = std::move(repairs);
    j["doubt_is_cheapest"] = o.repairs_optimal;
    if (!o.repairs_note.empty()) j["doubt_note"] = o.repairs_note;
    j["conflicts"] = o.conflicts.size();
    j["enumeration_complete"] = o.enumeration_complete;
    if (!o.enumeration_complete) j["enumeration_note"] = o.enumeration_note;
  }
  j["solver_checks"] = o.solver_checks;
  return j;
}

}  // namespace json_parts

std::string json_report(const CheckResult& r, const Vocabulary& vocab, unsigned threads) {
  using namespace json_parts;
  ordered_json root;
  root["schema"] = kReportSchema;
  ordered_json docs = ordered_json::array();
  for (const auto& d : r.documents) docs.push_back(document_json(d));
  root["documents"] = std::move(docs);
  root["summary"] = summary_json(report_counts(r, vocab));
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
  if (!r.stale_suppressions.empty()) {
    ordered_json stale = ordered_json::array();
    for (const auto& s : r.stale_suppressions) {
      ordered_json j = suppression_json(s);
      j["fingerprint"] = s.fingerprint;
      j["at"] = to_string(s.loc);
      stale.push_back(std::move(j));
    }
    root["stale_suppressions"] = std::move(stale);
  }
  // The corpus-sized arrays go from items to text in parallel, each item as dump(2) would print
  // it in place; the DOM of a whole report cost more than the items' text.
  auto items = [threads](std::size_t n, int indent, auto&& item_json) {
    std::vector<std::string> texts(n);
    for_each_index(n, threads, [&](std::size_t k) { texts[k] = indented(item_json(k), indent + 2); });
    return array_text(texts, indent);
  };
  std::string findings = items(r.findings.size(), 2, [&](std::size_t k) { return finding_json(r, vocab, r.findings[k], 1); });
  std::string comparisons = items(r.comparisons.size(), 2, [&](std::size_t k) { return comparison_json(r, r.comparisons[k], 1); });
  std::string corroboration =
      items(r.corroborations.size(), 2, [&](std::size_t k) { return corroboration_json(r, r.corroborations[k]); });
  std::string components = items(r.components.size(), 4, [&](std::size_t k) { return component_json(r, k, 1); });
  std::string untouched = items(r.untouched_claims.size(), 4,
                                [&](std::size_t k) { return ordered_json(r.claims[r.untouched_claims[k]].qualified_id()); });
  std::string head = root.dump(2);
  head.resize(head.size() - 2);  // the closing "\n}": more members follow
  return fmt::format(
      "{},\n  \"findings\": {},\n  \"comparisons\": {},\n  \"corroboration\": {},\n  \"coverage\": {{\n    "
      "\"claims_checked\": {},\n    \"untouched_claims\": {},\n    \"components\": {}\n  }}\n}}\n",
      head, findings, comparisons, corroboration, r.claims.size(), untouched, components);
}

}  // namespace claimcheck
