#include <algorithm>
#include <numeric>

#include "partition/partition.hpp"

namespace claimcheck {

namespace {
struct UnionFind {
  std::vector<int> parent;
  explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  int find(int x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  void join(int a, int b) {
    a = find(a);
    b = find(b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);  // the root is the smallest index
  }
};
}  // namespace

std::vector<Component> partition(const GroundProblem& problem) {
  // Nodes: variables. Claims and instances join the variables they mention.
  std::size_t n = problem.variables.size();
  UnionFind uf(n);
  for (std::size_t c = 0; c < problem.claim_count(); ++c) {
    auto atoms = problem.atoms_of(static_cast<int>(c));
    for (std::size_t i = 1; i < atoms.size(); ++i) uf.join(atoms[0].var, atoms[i].var);
  }
  for (const auto& inst : problem.instances)
    for (std::size_t i = 1; i < inst.vars.size(); ++i) uf.join(inst.vars[0], inst.vars[i]);

  std::vector<int> component_of_root(n, -1);  // root var -> index into out
  std::vector<Component> out;
  auto component = [&](int var) -> Component& {
    int& index = component_of_root[uf.find(var)];
    if (index < 0) {
      index = static_cast<int>(out.size());
      out.emplace_back();
    }
    return out[index];
  };
  for (std::size_t c = 0; c < problem.claim_count(); ++c) {
    auto atoms = problem.atoms_of(static_cast<int>(c));
    if (atoms.empty()) continue;  // a claim with no fact (bad input) joins nothing
    Component& comp = component(atoms[0].var);
    (problem.representative(static_cast<int>(c)) == static_cast<int>(c) ? comp.claims : comp.restated)
        .push_back(static_cast<int>(c));
  }
  for (std::size_t i = 0; i < problem.instances.size(); ++i) {
    const auto& inst = problem.instances[i];
    if (inst.vars.empty()) continue;
    component(inst.vars[0]).instances.push_back(static_cast<int>(i));
  }
  for (std::size_t v = 0; v < n; ++v) component(static_cast<int>(v)).vars.push_back(static_cast<int>(v));
  // Components without claims hold only variables no claim states: nothing to check.
  out.erase(std::remove_if(out.begin(), out.end(), [](const Component& c) { return c.claims.empty(); }), out.end());
  std::sort(out.begin(), out.end(), [](const Component& a, const Component& b) { return a.claims[0] < b.claims[0]; });
  for (std::size_t i = 0; i < out.size(); ++i) out[i].id = static_cast<int>(i) + 1;
  return out;
}

}  // namespace claimcheck
