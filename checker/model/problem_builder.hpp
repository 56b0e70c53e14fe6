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
  p.claim_exprs.push_back(polarity ? (*polarity ? Expr::variable(var) : Expr::unary(Expr::Op::not_, Expr::variable(var)))
                                   : within(var, interval.value_or(Interval{})));
  p.claim_vars.push_back({var});
  p.atom_vars.push_back({var});
  p.atom_intervals.push_back({interval.value_or(Interval{})});
  p.atom_polarity.push_back({polarity});
  p.atom_centers.push_back({std::nullopt});
  p.atom_rounding_centers.push_back({std::nullopt});
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
