#pragma once
// Keys that proxies equate (internal to solve/): the exact check gives each class one value,
// and the component solver asks whether the classes alone decide a component.
#include <map>

#include "model/problem.hpp"

namespace claimcheck {

// A proxy instance as the grounder makes it: two keys equated, bound to no claim.
inline bool equates_two_keys(const RuleInstance& inst) {
  const Expr& e = inst.expr;
  return inst.kind == RuleKind::proxy && !inst.claim && e.op == Expr::Op::eq && e.kids.size() == 2 &&
         e.kids[0].op == Expr::Op::var && e.kids[1].op == Expr::Op::var;
}

// The classes of the keys a component's proxies equate; each key stands for its class's
// smallest member.
class KeyClasses {
 public:
  KeyClasses(const GroundProblem& problem, const Component& component) {
    for (int i : component.instances) {
      const RuleInstance& inst = problem.instances[i];
      if (!equates_two_keys(inst)) {
        only_proxies_ = false;
        continue;
      }
      int x = find(inst.expr.kids[0].var), y = find(inst.expr.kids[1].var);
      root_[std::max(x, y)] = root_[std::min(x, y)] = std::min(x, y);
    }
  }
  int find(int v) const {
    for (auto up = root_.find(v); up != root_.end() && up->second != v; up = root_.find(v)) v = up->second;
    return v;
  }
  // Whether every instance of the component is such a proxy.
  bool only_proxies() const { return only_proxies_; }
  // The keys some proxy mentions, with their classes' smallest members.
  const std::map<int, int>& members() const { return root_; }

 private:
  std::map<int, int> root_;
  bool only_proxies_ = true;
};

}  // namespace claimcheck
