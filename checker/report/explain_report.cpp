// `claimcheck explain FINGERPRINT`: one finding or comparison, derived step by step.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "report/report.hpp"

namespace claimcheck {

namespace {

using nlohmann::ordered_json;

struct Subject {
  const Finding* finding = nullptr;
  const Comparison* comparison = nullptr;
  const std::string& fingerprint() const { return finding ? finding->fingerprint : comparison->fingerprint; }
  const std::vector<int>& claims() const { return finding ? finding->claims : comparison->claims; }
  int component() const { return finding ? finding->component : comparison->component; }
};

// An exact fingerprint, or a prefix that names one finding or comparison.
std::optional<Subject> find_subject(const CheckResult& r, const std::string& wanted, std::string& error) {
  std::vector<Subject> matches;
  for (const auto& f : r.findings)
    if (f.fingerprint.rfind(wanted, 0) == 0) matches.push_back({&f, nullptr});
  for (const auto& c : r.comparisons)
    if (c.fingerprint.rfind(wanted, 0) == 0) matches.push_back({nullptr, &c});
  for (const auto& m : matches)
    if (m.fingerprint() == wanted) return m;
  if (matches.size() == 1) return matches[0];
  if (matches.empty()) {
    std::vector<std::string> all;
    for (const auto& f : r.findings) all.push_back(f.fingerprint);
    for (const auto& c : r.comparisons) all.push_back(c.fingerprint);
    error = fmt::format("no finding or comparison has the fingerprint '{}'{}", wanted, did_you_mean(wanted, all));
  } else {
    error = fmt::format("'{}' starts {} fingerprints; give more of it", wanted, matches.size());
  }
  return std::nullopt;
}

std::vector<int> instances_of(const CheckResult& r, const Subject& s) {
  if (s.comparison) {
    std::vector<int> out{s.comparison->instance_index};
    out.insert(out.end(), s.comparison->proxies.begin(), s.comparison->proxies.end());
    return out;
  }
  const Outcome& o = r.outcomes[s.finding->component - 1];
  for (const auto& conflict : o.conflicts)
    if (conflict.claims == s.finding->claims) return conflict.instances;
  return {};
}

std::string fact_line(const CheckResult& r, int c, std::size_t a) {
  const Atom& atom = r.claims[c].atoms[a];
  const Variable& var = r.problem.variables[r.problem.atoms_of(c)[a].var];
  std::string range = interval_text(atom.interval, var);
  bool comparison = range[0] == '<' || range[0] == '>' || range[0] == '=';
  std::string value = atom.kind == AtomKind::proposition ? (atom.polarity ? "is true" : "is false")
                      : comparison                      ? range
                                                        : "in " + range;
  return fmt::format("{} {}", atom.key.text(), value);
}

}  // namespace

std::optional<std::string> explain_text(const CheckResult& r, const Vocabulary& vocab, const std::string& wanted,
                                        std::string& error) {
  auto subject = find_subject(r, wanted, error);
  if (!subject) return std::nullopt;
  const GroundProblem& p = r.problem;
  std::string out;
  std::string what = subject->finding ? to_string(subject->finding->kind) : "comparison (consistent)";
  out += fmt::format("{}: {} in component {}\n\nClaims\n", subject->fingerprint(), what, subject->component());
  for (int c : subject->claims()) {
    const Claim& claim = r.claims[c];
    out += fmt::format("  {}, said by {} (weight {}), {}, {}\n", claim.qualified_id(), vocab.entity_label(claim.said_by),
                       claim.weight, claim.raw.at, to_string(claim.raw.loc));
    if (claim.raw.modality != Modality::asserts) out += fmt::format("    modality: {}\n", to_string(claim.raw.modality));
    out += fmt::format("    \"{}\"\n", claim.raw.quote);
    for (std::size_t a = 0; a < claim.atoms.size(); ++a) {
      out += "    " + fact_line(r, c, a) + "\n";
      out += fmt::format("      from \"{}\": {}\n", claim.atoms[a].wording, claim.atoms[a].reading.get());
    }
  }
  out += "\nRules\n";
  std::vector<int> instances = instances_of(r, *subject);
  std::vector<std::string> shared;
  if (subject->finding)
    for (const auto& id : subject->finding->rule_ids) {
      bool grounded = std::any_of(instances.begin(), instances.end(), [&](int i) { return p.instances[i].rule_id == id; });
      if (!grounded) shared.push_back(id);
    }
  for (const auto& id : shared) {
    const RuleSpec* spec = vocab.rule(id);
    out += fmt::format("  {} ({}): {}\n    it joins the claims above through the keys they share\n", id,
                       spec ? to_string(spec->kind) : "?", spec ? spec->description : "");
  }
  for (int i : instances) {
    const RuleInstance& inst = p.instances[i];
    const RuleSpec* spec = vocab.rule(inst.rule_id);
    out += fmt::format("  {} ({}{}): {}\n    {}\n", inst.rule_id, spec ? to_string(spec->kind) : "?",
                       inst.soft ? ", soft" : "", spec ? spec->description : "", render(inst.expr, p.variables));
  }
  const auto& caveats = subject->finding ? subject->finding->caveats : subject->comparison->caveats;
  if (!caveats.empty()) {
    out += "\nCaveats: the comparison treats figures of different definitions or periods as one\n";
    for (const auto& caveat : caveats) out += "  " + caveat + "\n";
  }
  if (subject->finding) {
    out += subject->finding->kind == FindingKind::unknown ? "\nWhy it is undecided\n" : "\nWhy no value fits\n";
    for (const auto& line : subject->finding->numbers) out += "  " + line + "\n";
  } else {
    const Comparison& c = *subject->comparison;
    out += fmt::format("\nWhat the claims allow\n  {}\n\nValues that satisfy every claim and rule ({})\n  {}\n", c.bounds,
                       r.outcomes[c.component - 1].witness_source, c.witness);
  }
  return out;
}

std::optional<std::string> explain_json(const CheckResult& r, const Vocabulary& vocab, const std::string& wanted,
                                        std::string& error) {
  auto subject = find_subject(r, wanted, error);
  if (!subject) return std::nullopt;
  const GroundProblem& p = r.problem;
  ordered_json root;
  root["schema"] = "claimcheck-explain/1";
  root["fingerprint"] = subject->fingerprint();
  root["kind"] = subject->finding ? to_string(subject->finding->kind) : "comparison";
  root["component"] = subject->component();
  ordered_json claims = ordered_json::array();
  for (int c : subject->claims()) {
    const Claim& claim = r.claims[c];
    ordered_json facts = ordered_json::array();
    for (std::size_t a = 0; a < claim.atoms.size(); ++a)
      facts.push_back({{"fact", fact_line(r, c, a)}, {"wording", claim.atoms[a].wording}, {"reading", claim.atoms[a].reading.get()}});
    claims.push_back({{"id", claim.qualified_id()},
                      {"said_by", claim.said_by},
                      {"weight", claim.weight},
                      {"at", claim.raw.at},
                      {"location", to_string(claim.raw.loc)},
                      {"modality", to_string(claim.raw.modality)},
                      {"quote", claim.raw.quote},
                      {"facts", facts}});
  }
  root["claims"] = claims;
  ordered_json rules = ordered_json::array();
  for (int i : instances_of(r, *subject)) {
    const RuleInstance& inst = p.instances[i];
    const RuleSpec* spec = vocab.rule(inst.rule_id);
    rules.push_back({{"id", inst.rule_id},
                     {"kind", spec ? to_string(spec->kind) : "?"},
                     {"soft", inst.soft},
                     {"description", spec ? spec->description : ""},
                     {"instance", render(inst.expr, p.variables)}});
  }
  root["rule_instances"] = rules;
  root["caveats"] = subject->finding ? subject->finding->caveats : subject->comparison->caveats;
  if (subject->finding) {
    root["rules"] = subject->finding->rule_ids;
    root["numbers"] = subject->finding->numbers;
  } else {
    root["claims_allow"] = subject->comparison->bounds;
    root["witness"] = subject->comparison->witness;
    root["witness_source"] = r.outcomes[subject->component() - 1].witness_source;
  }
  // A file path need not be UTF-8: such bytes print as U+FFFD rather than throw.
  return root.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace claimcheck
