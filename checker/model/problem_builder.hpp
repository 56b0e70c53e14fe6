#pragma once
// Building a GroundProblem directly, without claim sets: for benchmarks, generators and tests.
#include <optional>
#include <string>

#include "model/problem.hpp"

namespace claimcheck {

inline int add_variable(GroundProblem& p, const std::string& name, ValueType type) {
  Key key;
  key.name = name;
  p.variables.push_back({key, type});
  return static_cast<int>(p.variables.size()) - 1;
}

// A one-atom claim: `var` lies in `interval`, or (for a Boolean) has `polarity`.
inline void add_claim(GroundProblem& p, int var, const std::optional<Interval>& interval,
                      std::optional<bool> polarity = std::nullopt, int weight = 1) {
  GroundAtom atom;
  atom.var = var;
  atom.interval = interval.value_or(Interval{});
  atom.polarity = polarity;
  p.atoms.push_back(std::move(atom));
  p.atom_begin.push_back(p.atoms.size());
  p.claim_weights.push_back(weight);
}

inline void add_rule(GroundProblem& p, const std::string& id, Expr e) {
  RuleInstance inst;
  inst.rule_id = id;
  collect_vars(e, inst.vars);
  inst.expr = std::move(e);
  p.instances.push_back(std::move(inst));
}

}  // namespace claimcheck
