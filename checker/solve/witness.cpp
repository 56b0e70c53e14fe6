// The exact check: a point from each key's interval, every claim and rule evaluated in
// rationals. No Z3 here.
#include <algorithm>
#include <set>

#include "solve/key_classes.hpp"
#include "solve/solve.hpp"

namespace claimcheck {

static Rational pick_point(const Interval& i, bool integer, bool& ok) {
  ok = true;
  if (integer) {
    // Whole numbers as rationals: a GMP integer would allocate for each bound of each key.
    std::optional<Rational> lo, hi;
    if (i.lo) lo = i.lo->strict ? floor_value(i.lo->value) + 1 : ceil_value(i.lo->value);
    if (i.hi) hi = i.hi->strict ? ceil_value(i.hi->value) - 1 : floor_value(i.hi->value);
    if (lo && hi) {
      if (*lo > *hi) {
        ok = false;
        return 0;
      }
      return std::clamp(floor_value((*lo + *hi) / 2 + Rational(1, 2)), *lo, *hi);
    }
    if (lo) return *lo;
    if (hi) return *hi;
    return 0;
  }
  if (i.lo && i.hi) {
    if (is_empty(i)) {
      ok = false;
      return 0;
    }
    return (i.lo->value + i.hi->value) / 2;
  }
  if (i.lo) return i.lo->strict ? Rational(i.lo->value + 1) : i.lo->value;
  if (i.hi) return i.hi->strict ? Rational(i.hi->value - 1) : i.hi->value;
  return 0;
}

bool never_negative(const Variable& v) { return v.type == ValueType::count || v.type == ValueType::stock; }

std::optional<Assignment> exact_witness(const GroundProblem& problem, const Component& component) {
  // Keys a proxy equates share one value.
  KeyClasses classes(problem, component);
  auto find = [&](int v) { return classes.find(v); };
  // Classes some other rule instance mentions: a value only the rules bound is left to Z3.
  std::set<int> ruled;
  for (int i : component.instances) {
    const RuleInstance& inst = problem.instances[i];
    if (!equates_two_keys(inst))
      for (int v : inst.vars) ruled.insert(find(v));
  }
  std::map<int, Interval> bounds;
  for (int v : component.vars)
    if (never_negative(problem.variables[v])) bounds[find(v)] = Interval{Bound{0, false}, std::nullopt};
  std::map<int, bool> truth;
  std::set<int> stated;
  for (int c : component.claims) {
    for (const auto& atom : problem.atoms_of(c)) {
      int v = find(atom.var);
      stated.insert(v);
      if (atom.polarity) {
        auto [it, inserted] = truth.emplace(v, *atom.polarity);
        if (!inserted && it->second != *atom.polarity) return std::nullopt;
      } else {
        auto [it, inserted] = bounds.emplace(v, atom.interval);
        if (!inserted) it->second = intersect(it->second, atom.interval);
      }
    }
  }
  Assignment values;
  for (int var : component.vars) {
    int v = find(var);
    if (auto t = truth.find(v); t != truth.end()) {
      values[var] = t->second;
      continue;
    }
    if (!stated.count(v) && ruled.count(v)) return std::nullopt;  // only rules bound it: leave it to Z3
    // No claim states the class and only proxies equate it: any value of its domain will do.
    if (problem.variables[var].type == ValueType::boolean) {
      values[var] = true;
      continue;
    }
    auto b = bounds.find(v);
    bool ok = false;
    Rational point = pick_point(b == bounds.end() ? Interval{} : b->second, problem.variables[var].is_integer(), ok);
    if (!ok) return std::nullopt;
    values[var] = point;
  }
  // The values come from the intersected intervals, so the claims hold by construction; checked
  // all the same, since the witness is what proves the component consistent.
  for (int c : component.claims)
    for (const auto& atom : problem.atoms_of(c)) {
      const Value& value = values.at(atom.var);
      bool holds = atom.polarity ? value == Value{*atom.polarity}
                                 : std::holds_alternative<Rational>(value) && contains(atom.interval, std::get<Rational>(value));
      if (!holds) return std::nullopt;
    }
  auto holds = [&](const Expr& e) {
    auto r = evaluate(e, values);
    return r && std::holds_alternative<bool>(*r) && std::get<bool>(*r);
  };
  for (int i : component.instances)
    if (!holds(problem.instances[i].expr)) return std::nullopt;
  return values;
}

}  // namespace claimcheck
