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

namespace {

// The values a class of keys that only rules bound may take, found from the instances in which
// it is the only class without a value. A linear comparison is read exactly at two points (the
// class at 0 and at 1) and bounds the class on one side, or fixes it; a truth value is whichever
// of true and false makes them all hold. Only proposed: the witness is checked whole after.
class RuleBoundValues {
 public:
  RuleBoundValues(const GroundProblem& problem, const Component& component, const KeyClasses& classes,
                  const std::map<int, Interval>& domains, Assignment& values)
      : problem_(problem), component_(component), classes_(classes), domains_(domains), values_(values) {}

  // Every class of `unsolved` (class -> its keys) given a value, one after another as each
  // becomes the only one left in some instance; false when one is not.
  bool solve(std::map<int, std::vector<int>> unsolved) {
    for (int i : component_.instances)
      for (int v : problem_.instances[i].vars)
        if (int c = classes_.find(v); unsolved.count(c)) {
          auto& of_class = instances_of_[c];
          if (of_class.empty() || of_class.back() != i) of_class.push_back(i);
        }
    for (bool progress = true; progress && !unsolved.empty();) {
      progress = false;
      for (auto it = unsolved.begin(); it != unsolved.end();) {
        std::vector<const Expr*> alone = instances_with_only(it->first, unsolved);
        if (alone.empty()) {
          ++it;
          continue;
        }
        const Variable& key = problem_.variables[it->second.front()];
        std::optional<Value> value = key.type == ValueType::boolean ? truth(it->second, alone)
                                                                     : number(it->first, key, it->second, alone);
        if (!value) return false;
        set(it->second, *value);
        it = unsolved.erase(it);
        progress = true;
      }
    }
    return unsolved.empty();
  }

 private:
  std::vector<const Expr*> instances_with_only(int cls, const std::map<int, std::vector<int>>& unsolved) const {
    std::vector<const Expr*> out;
    auto of_class = instances_of_.find(cls);
    if (of_class == instances_of_.end()) return out;
    for (int i : of_class->second) {
      const RuleInstance& inst = problem_.instances[i];
      bool others = std::any_of(inst.vars.begin(), inst.vars.end(), [&](int v) {
        int c = classes_.find(v);
        return c != cls && unsolved.count(c);
      });
      if (!others) out.push_back(&inst.expr);
    }
    return out;
  }

  void set(const std::vector<int>& vars, const Value& value) {
    for (int var : vars) values_[var] = value;
  }

  bool all_hold(const std::vector<const Expr*>& exprs) const {
    return std::all_of(exprs.begin(), exprs.end(), [&](const Expr* e) {
      auto r = evaluate(*e, values_);
      return r && std::holds_alternative<bool>(*r) && std::get<bool>(*r);
    });
  }

  std::optional<Value> truth(const std::vector<int>& vars, const std::vector<const Expr*>& alone) {
    for (bool candidate : {true, false}) {
      set(vars, candidate);
      if (all_hold(alone)) return Value{candidate};
    }
    return std::nullopt;
  }

  // left - right of a comparison with the class at `at`.
  std::optional<Rational> difference_at(const Expr& comparison, const std::vector<int>& vars, int at) {
    set(vars, Rational(at));
    auto left = evaluate(comparison.kids[0], values_), right = evaluate(comparison.kids[1], values_);
    if (!left || !right || !std::holds_alternative<Rational>(*left) || !std::holds_alternative<Rational>(*right))
      return std::nullopt;
    return std::get<Rational>(*left) - std::get<Rational>(*right);
  }

  std::optional<Value> number(int cls, const Variable& key, const std::vector<int>& vars,
                              const std::vector<const Expr*>& alone) {
    using Op = Expr::Op;
    auto domain = domains_.find(cls);
    Interval allowed = domain == domains_.end() ? Interval{} : domain->second;
    for (const Expr* e : alone) {
      bool comparison = e->op == Op::eq || e->op == Op::le || e->op == Op::lt || e->op == Op::ge || e->op == Op::gt;
      if (!comparison || !e->kids[0].is_arithmetic() || !e->kids[1].is_arithmetic()) continue;
      auto at_zero = difference_at(*e, vars, 0), at_one = difference_at(*e, vars, 1);
      if (!at_zero || !at_one) return std::nullopt;
      // left - right = slope * class + at_zero, exactly: both sides are linear.
      Rational slope = *at_one - *at_zero;
      if (slope == 0) continue;  // the class does not move it: the check after decides
      Rational root = -*at_zero / slope;
      bool below = (e->op == Op::le || e->op == Op::lt) == (slope > 0);  // the class at most the root
      bool strict = e->op == Op::lt || e->op == Op::gt;
      Interval side;
      if (e->op == Op::eq) side = Interval{Bound{root, false}, Bound{root, false}};
      else if (below) side.hi = Bound{root, strict};
      else side.lo = Bound{root, strict};
      allowed = intersect(allowed, side);
    }
    bool ok = false;
    Rational point = pick_point(allowed, key.is_integer(), ok);
    if (!ok) return std::nullopt;
    return Value{point};
  }

  const GroundProblem& problem_;
  const Component& component_;
  const KeyClasses& classes_;
  const std::map<int, Interval>& domains_;
  Assignment& values_;
  std::map<int, std::vector<int>> instances_of_;  // unsolved class -> the instances mentioning it
};

}  // namespace

std::optional<Assignment> exact_witness(const GroundProblem& problem, const Component& component) {
  // Keys a proxy equates share one value.
  KeyClasses classes(problem, component);
  auto find = [&](int v) { return classes.find(v); };
  // Classes some other rule instance mentions: a value only the rules bound is found from them.
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
  std::map<int, std::vector<int>> rule_bound;  // class -> its keys, for classes no claim states
  for (int var : component.vars) {
    int v = find(var);
    if (auto t = truth.find(v); t != truth.end()) {
      values[var] = t->second;
      continue;
    }
    if (!stated.count(v) && ruled.count(v)) {
      rule_bound[v].push_back(var);
      continue;
    }
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
  if (!rule_bound.empty() && !RuleBoundValues(problem, component, classes, bounds, values).solve(std::move(rule_bound)))
    return std::nullopt;
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
