#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string_view>

#include "model/claim.hpp"
#include "model/problem.hpp"
#include "model/vocabulary.hpp"

namespace claimcheck {

std::string to_string(ValueType type) {
  switch (type) {
    case ValueType::count: return "count";
    case ValueType::stock: return "stock";
    case ValueType::ratio: return "ratio";
    case ValueType::money: return "money";
    case ValueType::duration: return "duration";
    case ValueType::date: return "date";
    case ValueType::boolean: return "boolean";
  }
  return "?";
}

std::string to_string(RuleKind kind) {
  switch (kind) {
    case RuleKind::agreement: return "agreement";
    case RuleKind::additivity: return "additivity";
    case RuleKind::past_event: return "past_event";
    case RuleKind::conversion: return "conversion";
    case RuleKind::proxy: return "proxy";
    case RuleKind::parts_sum: return "parts_sum";
    case RuleKind::subset_bound: return "subset_bound";
    case RuleKind::time_order: return "time_order";
    case RuleKind::range: return "range";
    case RuleKind::aggravation: return "aggravation";
    case RuleKind::implication: return "implication";
    case RuleKind::constraint: return "constraint";
  }
  return "?";
}

bool is_builtin(RuleKind kind) {
  return kind == RuleKind::agreement || kind == RuleKind::additivity || kind == RuleKind::past_event ||
         kind == RuleKind::conversion || kind == RuleKind::proxy;
}

std::string to_string(Modality modality) {
  switch (modality) {
    case Modality::asserts: return "asserts";
    case Modality::estimates: return "estimates";
    case Modality::no_evidence: return "no_evidence";
    case Modality::speculation: return "speculation";
  }
  return "?";
}

std::string to_string(Tense tense) {
  switch (tense) {
    case Tense::past: return "past";
    case Tense::present: return "present";
    case Tense::future: return "future";
  }
  return "?";
}

std::optional<Modality> modality_named(std::string_view name) {
  for (Modality m : {Modality::asserts, Modality::estimates, Modality::no_evidence, Modality::speculation})
    if (to_string(m) == name) return m;
  return std::nullopt;
}

std::optional<Tense> tense_named(std::string_view name) {
  for (Tense t : {Tense::past, Tense::present, Tense::future})
    if (to_string(t) == name) return t;
  return std::nullopt;
}

std::string to_string(Status status) {
  switch (status) {
    case Status::consistent: return "consistent";
    case Status::inconsistent: return "inconsistent";
    case Status::unknown: return "unknown";
  }
  return "?";
}

std::string to_string(FindingKind kind) {
  switch (kind) {
    case FindingKind::contradiction: return "contradiction";
    case FindingKind::tension: return "tension";
    case FindingKind::caveat: return "caveat";
    case FindingKind::unknown: return "unknown";
  }
  return "?";
}

std::set<std::string> Vocabulary::ancestors(const std::string& entity) const {
  std::set<std::string> seen;
  std::vector<std::string> todo{entity};
  while (!todo.empty()) {
    std::string current = todo.back();
    todo.pop_back();
    auto it = entities.find(current);
    if (it == entities.end()) continue;
    for (const auto& parent : it->second.part_of)
      if (parent != entity && seen.insert(parent).second) todo.push_back(parent);
  }
  return seen;
}

std::set<std::string> Vocabulary::family_roots(const std::string& entity) const {
  std::set<std::string> all = ancestors(entity), out;
  all.insert(entity);
  for (const auto& e : all) {
    auto it = entities.find(e);
    if (it == entities.end() || it->second.part_of.empty()) out.insert(e);
  }
  return out;
}

std::vector<std::vector<std::size_t>> Vocabulary::source_families(const std::vector<std::string>& sources) const {
  std::vector<std::set<std::string>> roots;
  std::vector<std::vector<std::size_t>> families;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    std::set<std::string> mine = family_roots(sources[i]);
    std::vector<std::size_t> sharing;
    for (std::size_t k = 0; k < roots.size(); ++k)
      if (std::any_of(mine.begin(), mine.end(), [&](const std::string& r) { return roots[k].count(r) > 0; }))
        sharing.push_back(k);
    if (sharing.empty()) {
      roots.push_back(std::move(mine));
      families.push_back({i});
      continue;
    }
    std::size_t into = sharing[0];
    roots[into].insert(mine.begin(), mine.end());
    families[into].push_back(i);
    for (auto k = sharing.rbegin(); k + 1 != sharing.rend(); ++k) {  // a source may join two families
      roots[into].insert(roots[*k].begin(), roots[*k].end());
      families[into].insert(families[into].end(), families[*k].begin(), families[*k].end());
      roots.erase(roots.begin() + *k);
      families.erase(families.begin() + *k);
    }
    std::sort(families[into].begin(), families[into].end());
  }
  return families;
}

std::vector<std::string> Vocabulary::term_names() const {
  std::vector<std::string> out = keys_of(metric_alias);
  for (const auto* table : {&predicate_alias, &event_alias})
    for (const auto& [name, _] : *table) out.push_back(name);
  return out;
}

const RuleSpec* Vocabulary::rule(const std::string& id) const {
  for (const auto& r : rules)
    if (r.id == id) return &r;
  return nullptr;
}

std::string Vocabulary::entity_label(const std::string& id) const {
  auto it = entities.find(id);
  if (it == entities.end() || it->second.name.empty()) return id;
  return it->second.name + " (" + id + ")";
}

static std::string key_text(const Key& key, std::optional<std::size_t> wildcard) {
  std::string out = key.name + "(";
  for (std::size_t i = 0; i < key.args.size(); ++i) {
    if (i) out += ", ";
    out += i == wildcard ? std::string_view("*") : std::string_view(key.args[i]);
  }
  out += ")";
  if (!key.unit.empty()) out += " [" + key.unit + "]";
  return out;
}

std::string Key::text() const { return key_text(*this, std::nullopt); }
std::string Key::text_with_wildcard(std::size_t wildcard) const { return key_text(*this, wildcard); }

static bool lower_tighter(const Bound& a, const Bound& b) {  // a is the tighter lower bound
  return a.value > b.value || (a.value == b.value && a.strict && !b.strict);
}
static bool upper_tighter(const Bound& a, const Bound& b) {
  return a.value < b.value || (a.value == b.value && a.strict && !b.strict);
}

Interval intersect(const Interval& a, const Interval& b) {
  Interval out = a;
  if (b.lo && (!out.lo || lower_tighter(*b.lo, *out.lo))) out.lo = b.lo;
  if (b.hi && (!out.hi || upper_tighter(*b.hi, *out.hi))) out.hi = b.hi;
  return out;
}

bool is_empty(const Interval& i) {
  if (!i.lo || !i.hi) return false;
  if (i.lo->value > i.hi->value) return true;
  return i.lo->value == i.hi->value && (i.lo->strict || i.hi->strict);
}

bool contains(const Interval& i, const Rational& v) {
  if (i.lo && (v < i.lo->value || (i.lo->strict && v == i.lo->value))) return false;
  if (i.hi && (v > i.hi->value || (i.hi->strict && v == i.hi->value))) return false;
  return true;
}

std::vector<int> GroundProblem::claim_vars(int claim) const {
  std::vector<int> vars;
  for (const auto& atom : atoms_of(claim)) vars.push_back(atom.var);
  std::sort(vars.begin(), vars.end());
  vars.erase(std::unique(vars.begin(), vars.end()), vars.end());
  return vars;
}

Expr GroundProblem::claim_condition(int claim) const {
  std::vector<Expr> parts;
  for (const auto& atom : atoms_of(claim)) {
    if (atom.polarity)
      parts.push_back(*atom.polarity ? Expr::variable(atom.var) : Expr::unary(Expr::Op::not_, Expr::variable(atom.var)));
    else
      parts.push_back(within(atom.var, atom.interval));
  }
  return Expr::all_of(std::move(parts));
}

std::vector<int> GroundProblem::with_restatements(const std::vector<int>& claims) const {
  std::vector<int> out = claims;
  for (int c : claims)
    if (static_cast<std::size_t>(c) < restated_by.size())
      out.insert(out.end(), restated_by[c].begin(), restated_by[c].end());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace claimcheck
