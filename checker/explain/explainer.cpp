#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <string_view>
#include <unordered_set>

#include "explain/explain.hpp"
#include "model/parallel.hpp"

namespace claimcheck {

std::string fingerprint(const std::string& kind, const std::vector<std::string>& rule_ids,
                        const std::vector<std::string>& claim_ids) {
  std::string text = kind;
  for (const auto& r : rule_ids) text += "|r:" + r;
  for (const auto& c : claim_ids) text += "|c:" + c;
  std::uint64_t hash = 14695981039346656037ull;  // FNV-1a
  for (unsigned char ch : text) {
    hash ^= ch;
    hash *= 1099511628211ull;
  }
  return fmt::format("cc-{:016x}", hash);
}

namespace {

struct ClaimBounds {
  std::map<int, Interval> intervals;
  std::map<int, bool> truth;
};

// The claims' intervals per key, carried across the given proxy instances to the keys they equate.
ClaimBounds bounds_of(const GroundProblem& p, const std::vector<int>& claims, const std::vector<int>& instances) {
  ClaimBounds b;
  for (int c : claims)
    for (std::size_t a = 0; a < p.atoms_of(c).size(); ++a) {
      int v = p.atoms_of(c)[a].var;
      if (auto pol = p.atoms_of(c)[a].polarity) b.truth[v] = *pol;
      else {
        auto [it, inserted] = b.intervals.emplace(v, p.atoms_of(c)[a].interval);
        if (!inserted) it->second = intersect(it->second, p.atoms_of(c)[a].interval);
      }
    }
  // Only to keys no claim states: a stated key keeps its own claims' interval, so a reader sees
  // both sides of the equation.
  std::set<int> stated;
  for (const auto& [v, _] : b.intervals) stated.insert(v);
  for (const auto& [v, _] : b.truth) stated.insert(v);
  for (int round = 0; round < 3; ++round)  // a definition proxy and a period proxy chain at most 2 deep
    for (int i : instances) {
      const RuleInstance& inst = p.instances[i];
      if (inst.kind != RuleKind::proxy || inst.vars.size() != 2) continue;
      for (int k = 0; k < 2; ++k) {
        int from = inst.vars[k], to = inst.vars[1 - k];
        if (stated.count(to)) continue;
        if (auto t = b.truth.find(from); t != b.truth.end()) b.truth.emplace(to, t->second);
        if (auto f = b.intervals.find(from); f != b.intervals.end()) b.intervals.emplace(to, f->second);
      }
    }
  return b;
}

VarText bounds_text(const GroundProblem& p, const ClaimBounds& b) {
  return [&p, &b](int v) -> std::optional<std::string> {
    if (auto t = b.truth.find(v); t != b.truth.end()) return std::string(t->second ? "true" : "false");
    if (auto i = b.intervals.find(v); i != b.intervals.end())
      return "(" + p.variables[v].key.text() + " " + interval_text(i->second, p.variables[v]) + ")";
    return std::nullopt;
  };
}

// Each interval with a center (the one `center_of` names), widened `w` times about it, as "LABEL
// would have to allow -14.72% to +14.72% instead of -10% to +10% (key [a, b] -> [c, d])".
std::vector<std::string> widened_parts(const CheckResult& result, const std::vector<int>& claims, const Rational& w,
                                       CenterOf center_of, bool rounding) {
  const GroundProblem& p = result.problem;
  std::vector<std::string> parts;
  for (int c : claims)
    for (std::size_t a = 0; a < p.atoms_of(c).size(); ++a) {
      const auto& center = p.atoms_of(c)[a].*center_of;
      if (!center) continue;
      const Interval& i = p.atoms_of(c)[a].interval;
      Interval wide = i;
      if (wide.lo) wide.lo->value = *center + w * (i.lo->value - *center);
      if (wide.hi) wide.hi->value = *center + w * (i.hi->value - *center);
      const Variable& var = p.variables[p.atoms_of(c)[a].var];
      Rational magnitude = *center < 0 ? Rational(-*center) : *center;
      auto percent = [&](const std::optional<Bound>& b, const Rational& factor) {
        if (!b || magnitude == 0) return std::string("none");
        Rational offset = (b->value - *center) * factor * 100 / magnitude;
        return (offset > 0 ? "+" : "") + to_display(offset, 4) + "%";
      };
      const Atom& atom = result.claims[c].atoms[a];
      std::string label = rounding ? fmt::format("the rounding of \"{}\"", atom.wording) : "'" + atom.tolerance.get().words + "'";
      std::string part = fmt::format("{} would have to allow {} to {} instead of {} to {} ({} {} -> {})", label,
                                     percent(i.lo, w), percent(i.hi, w), percent(i.lo, 1), percent(i.hi, 1),
                                     var.key.text(), interval_text(i, var), interval_text(wide, var));
      if (std::find(parts.begin(), parts.end(), part) == parts.end()) parts.push_back(part);
    }
  return parts;
}

// "they hold together once the tolerances are 1.47 times as wide: 'roughly' [0.09, 0.11] -> ..."
std::string widening_line(const CheckResult& result, const std::vector<int>& claims, const Rational& w,
                          const Rational& widest, bool caveat) {
  std::vector<std::string> parts = widened_parts(result, claims, w, &GroundAtom::center, false);
  std::string verdict = fmt::format("{} the widest allowed ({}x)", w <= widest ? "within" : "beyond", to_display(widest));
  if (!caveat) verdict += w <= widest ? ", so a tension" : ", so a contradiction";
  if (w == 1)
    return fmt::format("the claims only touch: any widening of their tolerances lets them hold together ({})", verdict);
  return fmt::format("they hold together once their tolerances are {} times as wide, {}: {}", to_display(w), verdict,
                     fmt::join(parts, "; "));
}

// How far beyond its rounding a contradiction lies; rounding never makes it a tension.
std::string rounding_line(const CheckResult& result, const std::vector<int>& claims, const Rational& w) {
  std::vector<std::string> parts = widened_parts(result, claims, w, &GroundAtom::rounding_center, true);
  if (w == 1)
    return "the figures only touch at the edge of their rounding: any coarser rounding lets them hold together";
  constexpr std::size_t kShown = 3;  // the factor is the finding; a few figures show what it means
  std::string more = parts.size() > kShown ? fmt::format("; and {} more", parts.size() - kShown) : "";
  parts.resize(std::min(parts.size(), kShown));
  return fmt::format("no qualifier to widen; the figures would hold together only if their rounding were {} times as "
                     "coarse (rounding is what a figure says, so this stays a contradiction): {}{}",
                     to_display(w), fmt::join(parts, "; "), more);
}

std::string rule_id_of_kind(const Vocabulary& vocab, RuleKind kind) {
  for (const auto& r : vocab.rules)
    if (r.kind == kind) return r.id;
  return to_string(kind);
}

}  // namespace

// Facts (keys other than derived exchange rates) that several claims state.
static void corroborate(CheckResult& result, const Vocabulary& vocab) {
  const GroundProblem& p = result.problem;
  // Each variable's statements, (claim, atom) in claim order, as one array sliced by variable: a
  // map of a million small lists took a sixth of the explain stage at a million claims.
  auto stated = [&](std::size_t c, std::size_t a) { return result.claims[c].atoms[a].kind != AtomKind::rate; };
  std::vector<std::size_t> begin(p.variables.size() + 1, 0);
  for (std::size_t c = 0; c < result.claims.size(); ++c)
    for (std::size_t a = 0; a < p.atoms_of(c).size(); ++a)
      if (stated(c, a)) ++begin[p.atoms_of(c)[a].var + 1];
  for (std::size_t v = 0; v < p.variables.size(); ++v) begin[v + 1] += begin[v];
  std::vector<std::pair<int, std::size_t>> statements(begin.back());
  std::vector<std::size_t> next(begin.begin(), begin.end() - 1);
  for (std::size_t c = 0; c < result.claims.size(); ++c)
    for (std::size_t a = 0; a < p.atoms_of(c).size(); ++a)
      if (stated(c, a)) statements[next[p.atoms_of(c)[a].var]++] = {static_cast<int>(c), a};
  for (std::size_t var = 0; var < p.variables.size(); ++var) {
    if (begin[var + 1] - begin[var] < 2) continue;  // one statement corroborates nothing
    Corroboration co;
    co.var = static_cast<int>(var);
    std::optional<bool> truth;
    for (std::size_t s = begin[var]; s < begin[var + 1]; ++s) {
      auto [c, a] = statements[s];
      if (co.claims.empty() || co.claims.back() != c) co.claims.push_back(c);
      if (auto pol = p.atoms_of(c)[a].polarity) {
        if (truth && *truth != *pol) co.agree = false;
        truth = *pol;
      } else {
        co.together = intersect(co.together, p.atoms_of(c)[a].interval);
      }
    }
    if (co.claims.size() < 2) continue;
    if (is_empty(co.together)) co.agree = false;
    std::vector<std::string> sources;
    for (int c : co.claims) sources.push_back(result.claims[c].said_by);
    for (const auto& family : vocab.source_families(sources)) {
      co.families.emplace_back();
      for (auto k : family) co.families.back().push_back(co.claims[k]);
    }
    result.corroborations.push_back(std::move(co));
  }
}

namespace {

// What one component adds to the result. Components are explained on their own, in parallel,
// and joined in component order, so the result does not depend on the thread count.
struct Explained {
  std::vector<Finding> findings;
  std::vector<Comparison> comparisons;
};

// A component the solver could not decide, and why.
Finding unknown_finding(const CheckResult& result, const Component& comp, const Outcome& out) {
  const GroundProblem& p = result.problem;
  Finding f;
  f.kind = FindingKind::unknown;
  f.component = comp.id;
  f.claims = p.with_restatements(comp.claims);
  f.unknown_reason = out.unknown_reason;
  std::vector<std::string> ids;
  for (int c : f.claims) ids.push_back(result.claims[c].qualified_id());
  std::sort(ids.begin(), ids.end());
  f.fingerprint = fingerprint(to_string(f.kind), {}, ids);
  f.numbers.push_back("not decided: " + out.unknown_reason);
  return f;
}

// Each rule instance of a consistent component, with the values the claims allow and a witness.
void add_comparisons(const CheckResult& result, const Component& comp, const Outcome& out,
                     std::vector<Comparison>& comparisons) {
  const GroundProblem& p = result.problem;
  ClaimBounds b = bounds_of(p, comp.claims, comp.instances);
  // Proxies are shown through the comparisons they feed; one feeding none is its own.
  std::vector<int> proxies, rules;
  for (int i : comp.instances) (p.instances[i].kind == RuleKind::proxy ? proxies : rules).push_back(i);
  for (int proxy : proxies) {
    bool feeds = std::any_of(rules.begin(), rules.end(), [&](int i) {
      return std::any_of(p.instances[proxy].vars.begin(), p.instances[proxy].vars.end(), [&](int v) {
        return std::binary_search(p.instances[i].vars.begin(), p.instances[i].vars.end(), v);
      });
    });
    if (!feeds) rules.push_back(proxy);
  }
  std::sort(rules.begin(), rules.end());
  for (int i : rules) {
    const RuleInstance& inst = p.instances[i];
    Comparison cmp;
    cmp.component = comp.id;
    cmp.instance_index = i;
    cmp.rule_id = inst.rule_id;
    // The instance's keys, and the keys proxies equate with them (proxies never chain far).
    std::vector<int> keys = inst.vars;
    std::set<std::string> caveats;
    if (!inst.caveat.empty()) caveats.insert(inst.caveat);
    std::set<int> used;
    for (bool grew = true; grew;) {
      grew = false;
      for (int proxy : proxies) {
        const auto& pv = p.instances[proxy].vars;
        if (used.count(proxy) || std::none_of(pv.begin(), pv.end(), [&](int v) { return std::count(keys.begin(), keys.end(), v) > 0; }))
          continue;
        used.insert(proxy);
        grew = true;
        caveats.insert(p.instances[proxy].caveat);
        for (int v : pv)
          if (!std::count(keys.begin(), keys.end(), v)) keys.push_back(v);
      }
    }
    std::vector<std::string> ids;
    for (int c : p.with_restatements(comp.claims)) {
      std::vector<int> vars = p.claim_vars(c);
      bool touches = std::any_of(vars.begin(), vars.end(), [&](int v) { return std::count(keys.begin(), keys.end(), v) > 0; });
      if (touches) {
        cmp.claims.push_back(c);
        ids.push_back(result.claims[c].qualified_id());
      }
    }
    std::sort(ids.begin(), ids.end());
    cmp.instance = render(inst.expr, p.variables);
    cmp.fingerprint = fingerprint("comparison", {inst.rule_id, cmp.instance}, ids);
    cmp.bounds = render(inst.expr, p.variables, bounds_text(p, b));
    cmp.witness = render(inst.expr, p.variables, values_text(p.variables, out.witness));
    cmp.caveats.assign(caveats.begin(), caveats.end());
    cmp.proxies.assign(used.begin(), used.end());
    comparisons.push_back(std::move(cmp));
  }
}

// A minimal conflict as a finding: its claims, the rules it needs, and the numbers that break.
Finding conflict_finding(const CheckResult& result, const Vocabulary& vocab, const Component& comp,
                         const Conflict& conflict) {
  const GroundProblem& p = result.problem;
  auto qid = [&](int c) { return result.claims[c].qualified_id(); };
  auto stated_by = [&](int c) {  // "DOC/a (restated by DOC/b, DOC/c)"
    std::string out = qid(c);
    if (static_cast<std::size_t>(c) >= p.restated_by.size() || p.restated_by[c].empty()) return out;
    std::vector<std::string> ids;
    for (int r : p.restated_by[c]) ids.push_back(qid(r));
    return fmt::format("{} (restated by {})", out, fmt::join(ids, ", "));
  };
  Finding f;
  f.widening = conflict.widening;
  f.rounding_widening = conflict.rounding_widening;
  f.kind = conflict.widening && *conflict.widening <= result.widest_tolerance ? FindingKind::tension
                                                                               : FindingKind::contradiction;
  f.component = comp.id;
  f.claims = p.with_restatements(conflict.claims);
  std::set<std::string> rules, caveats;
  for (int i : conflict.instances) {
    rules.insert(p.instances[i].rule_id);
    if (!p.instances[i].caveat.empty()) caveats.insert(p.instances[i].caveat);
  }
  if (!caveats.empty()) f.kind = FindingKind::caveat;
  f.caveats.assign(caveats.begin(), caveats.end());
  // Keys that two atoms of the conflict state: one claim may state a rate twice.
  std::map<int, std::vector<int>> claims_of_var;
  std::map<int, int> atoms_of_var;
  // The conflict's own claims: a restatement states its fact again and joins nothing new.
  for (int c : conflict.claims)
    for (std::size_t a = 0; a < p.atoms_of(c).size(); ++a) {
      int v = p.atoms_of(c)[a].var;
      ++atoms_of_var[v];
      auto& list = claims_of_var[v];
      if (std::find(list.begin(), list.end(), c) == list.end()) list.push_back(c);
    }
  for (const auto& [v, claims] : claims_of_var) {
    if (atoms_of_var[v] < 2) continue;
    const Variable& var = p.variables[v];
    bool rate = var.key.name == "rate";
    rules.insert(rule_id_of_kind(vocab, rate ? RuleKind::conversion : RuleKind::agreement));
    Interval together;
    bool truth_conflict = false;
    std::optional<bool> seen_truth;
    std::vector<std::string> parts;
    for (int c : claims) {
      for (std::size_t a = 0; a < p.atoms_of(c).size(); ++a) {
        if (p.atoms_of(c)[a].var != v) continue;
        if (auto pol = p.atoms_of(c)[a].polarity) {
          if (seen_truth && *seen_truth != *pol) truth_conflict = true;
          seen_truth = *pol;
          parts.push_back(fmt::format("{} says {}", stated_by(c), *pol ? "true" : "false"));
        } else {
          const Interval& i = p.atoms_of(c)[a].interval;
          together = intersect(together, i);
          const Atom& atom = result.claims[c].atoms[a];
          std::string part = fmt::format("{} gives {} (\"{}\")", stated_by(c), interval_text(i, var), atom.wording);
          // One claim may state the same pair for several keys: say it once.
          if (std::find(parts.begin(), parts.end(), part) == parts.end()) parts.push_back(part);
        }
      }
    }
    std::string verdict;
    if (var.type == ValueType::boolean) verdict = truth_conflict ? "the claims give it opposite truth values" : "";
    else verdict = is_empty(together) ? "no value lies in all of them"
                                      : "together they allow " + interval_text(together, var);
    f.numbers.push_back(fmt::format("{}{}: {}{}", rate ? "implied exchange rate " : "", var.key.text(),
                                    fmt::join(parts, "; "), verdict.empty() ? "" : "; " + verdict));
  }
  ClaimBounds b = bounds_of(p, conflict.claims, conflict.instances);
  for (int i : conflict.instances) {
    const RuleInstance& inst = p.instances[i];
    if (inst.expr.op == Expr::Op::or_) {
      // One line per alternative: a reader checks each against the claims' values.
      f.numbers.push_back(fmt::format("{}: one of these must hold, and with the claims' values none can:", inst.rule_id));
      for (const auto& alternative : inst.expr.kids)
        f.numbers.push_back("  " + render(alternative, p.variables, bounds_text(p, b)));
      continue;
    }
    f.numbers.push_back(fmt::format("{}: {}, with the claims' values: {}", inst.rule_id, render(inst.expr, p.variables),
                                    render(inst.expr, p.variables, bounds_text(p, b))));
  }
  bool qualified = false;  // some claim's interval comes from a qualifier's tolerance
  for (int c : conflict.claims)
    for (const auto& atom : p.atoms_of(c)) qualified = qualified || atom.center.has_value();
  if (f.widening) f.numbers.push_back(widening_line(result, conflict.claims, *f.widening, result.widest_tolerance,
                                                    f.kind == FindingKind::caveat));
  else if (qualified) f.numbers.push_back("no widening of the qualifiers' tolerances lets these claims hold together");
  else if (f.rounding_widening) f.numbers.push_back(rounding_line(result, conflict.claims, *f.rounding_widening));
  f.rule_ids.assign(rules.begin(), rules.end());
  std::vector<std::string> ids;
  for (int c : f.claims) ids.push_back(qid(c));
  std::sort(ids.begin(), ids.end());
  f.fingerprint = fingerprint(to_string(f.kind), f.rule_ids, ids);
  return f;
}

Explained explain_component(const CheckResult& result, const Vocabulary& vocab, std::size_t k) {
  const Component& comp = result.components[k];
  const Outcome& out = result.outcomes[k];
  Explained explained;
  if (out.status == Status::unknown) {
    explained.findings.push_back(unknown_finding(result, comp, out));
  } else if (out.status == Status::consistent) {
    add_comparisons(result, comp, out, explained.comparisons);
  } else {
    for (const Conflict& conflict : out.conflicts)
      explained.findings.push_back(conflict_finding(result, vocab, comp, conflict));
  }
  return explained;
}

}  // namespace

void explain(CheckResult& result, const Vocabulary& vocab, unsigned threads) {
  corroborate(result, vocab);
  const GroundProblem& p = result.problem;
  // Claims touched by a rule or sharing a key with another claim.
  std::vector<int> claims_per_var(p.variables.size(), 0);
  std::vector<std::vector<int>> claim_vars(result.claims.size());
  for (std::size_t c = 0; c < claim_vars.size(); ++c) {
    claim_vars[c] = p.claim_vars(static_cast<int>(c));
    for (int v : claim_vars[c]) ++claims_per_var[v];
  }
  std::vector<bool> var_in_rule(p.variables.size(), false);
  for (const auto& inst : p.instances)
    for (int v : inst.vars) var_in_rule[v] = true;
  for (std::size_t c = 0; c < result.claims.size(); ++c) {
    bool touched = false;
    for (int v : claim_vars[c]) touched = touched || var_in_rule[v] || claims_per_var[v] > 1;
    if (!touched) result.untouched_claims.push_back(static_cast<int>(c));
  }

  std::vector<Explained> parts(result.components.size());
  for_each_index(result.components.size(), threads,
                 [&](std::size_t k) { parts[k] = explain_component(result, vocab, k); });
  // Two claims may ground the same instance (a past event each reports): one comparison. The
  // kept fingerprints are looked up in place, which the reservation keeps from moving.
  std::size_t findings = 0, comparisons = 0;
  for (const auto& part : parts) {
    findings += part.findings.size();
    comparisons += part.comparisons.size();
  }
  result.findings.reserve(result.findings.size() + findings);
  result.comparisons.reserve(result.comparisons.size() + comparisons);
  std::unordered_set<std::string_view> comparison_fingerprints;
  comparison_fingerprints.reserve(comparisons);
  for (auto& part : parts) {
    for (auto& f : part.findings) result.findings.push_back(std::move(f));
    for (auto& cmp : part.comparisons)
      if (!comparison_fingerprints.count(cmp.fingerprint)) {
        result.comparisons.push_back(std::move(cmp));
        comparison_fingerprints.insert(result.comparisons.back().fingerprint);
      }
  }
}

}  // namespace claimcheck
