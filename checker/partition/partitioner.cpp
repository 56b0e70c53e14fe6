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

  // Two passes: the first numbers the components and counts what each gets, so that the second
  // fills vectors made at their size. Growing them one push at a time made partition a
  // million small allocations, most of them on memory the process had not touched yet.
  std::vector<int> component_of_root(n, -1);  // root var -> index into out
  struct Sizes {
    std::size_t claims = 0, restated = 0, instances = 0, vars = 0;
  };
  std::vector<Sizes> sizes;
  auto index_of = [&](int var) {
    int& index = component_of_root[uf.find(var)];
    if (index < 0) {
      index = static_cast<int>(sizes.size());
      sizes.emplace_back();
    }
    return static_cast<std::size_t>(index);
  };
  auto is_first = [&](std::size_t c) { return problem.representative(static_cast<int>(c)) == static_cast<int>(c); };
  for (std::size_t c = 0; c < problem.claim_count(); ++c) {
    auto atoms = problem.atoms_of(static_cast<int>(c));
    if (atoms.empty()) continue;  // a claim with no fact (bad input) joins nothing
    Sizes& size = sizes[index_of(atoms[0].var)];
    ++(is_first(c) ? size.claims : size.restated);
  }
  for (const auto& inst : problem.instances)
    if (!inst.vars.empty()) ++sizes[index_of(inst.vars[0])].instances;
  for (std::size_t v = 0; v < n; ++v) ++sizes[index_of(static_cast<int>(v))].vars;

  std::vector<Component> out(sizes.size());
  for (std::size_t k = 0; k < out.size(); ++k) {
    out[k].claims.reserve(sizes[k].claims);
    out[k].restated.reserve(sizes[k].restated);
    out[k].instances.reserve(sizes[k].instances);
    out[k].vars.reserve(sizes[k].vars);
  }
  auto component = [&](int var) -> Component& { return out[static_cast<std::size_t>(component_of_root[uf.find(var)])]; };
  for (std::size_t c = 0; c < problem.claim_count(); ++c) {
    auto atoms = problem.atoms_of(static_cast<int>(c));
    if (atoms.empty()) continue;
    Component& comp = component(atoms[0].var);
    (is_first(c) ? comp.claims : comp.restated).push_back(static_cast<int>(c));
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
