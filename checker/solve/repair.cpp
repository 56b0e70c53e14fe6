// Which claims to doubt: the minimum-weight sets of claims (and soft rule instances) whose
// removal makes a component consistent, found with Z3's optimizer, every tie, and a greedy
// fallback when the optimizer gives up.
#include "solve/repair.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "solve/encoder.hpp"

namespace claimcheck {

namespace {

constexpr std::size_t kMaxTies = 20;

struct Doubtable {
  std::vector<int> claims, instances;  // what may be dropped, claims first
  std::vector<z3::expr> literals;
  std::vector<long> weights;
};

// The component's constraints, with an indicator for every element that may be doubted. Hard
// rule instances hold outright.
template <class Target>
Doubtable encode(z3::context& ctx, Target& target, const GroundProblem& p, const Component& comp) {
  Encoder enc{ctx, p};
  Doubtable d;
  for (int v : comp.vars)
    if (auto domain = enc.domain(v)) target.add(*domain);
  for (int c : comp.claims) {
    z3::expr lit = ctx.bool_const(("p" + std::to_string(c)).c_str());
    target.add(z3::implies(lit, enc.condition(p.claim_condition(c))));
    d.claims.push_back(c);
    d.literals.push_back(lit);
    d.weights.push_back(p.claim_weights[c]);
  }
  for (int i : comp.instances) {
    const RuleInstance& inst = p.instances[i];
    z3::expr body = enc.condition(inst.expr);
    if (inst.claim) body = z3::implies(ctx.bool_const(("p" + std::to_string(*inst.claim)).c_str()), body);
    if (!inst.soft) {
      target.add(body);
      continue;
    }
    z3::expr lit = ctx.bool_const(("s" + std::to_string(i)).c_str());
    target.add(z3::implies(lit, body));
    d.instances.push_back(i);
    d.literals.push_back(lit);
    d.weights.push_back(inst.weight);
  }
  return d;
}

Repair repair_of(const Doubtable& d, const std::vector<std::size_t>& dropped) {
  Repair r;
  for (auto k : dropped) {
    if (k < d.claims.size()) r.claims.push_back(d.claims[k]);
    else r.instances.push_back(d.instances[k - d.claims.size()]);
    r.weight += d.weights[k];
  }
  return r;
}

z3::params limited(z3::context& ctx, std::uint64_t rlimit) {
  z3::params params(ctx);
  params.set("rlimit", static_cast<unsigned>(std::min<std::uint64_t>(rlimit, 4'000'000'000u)));
  params.set("ctrl_c", false);
  return params;
}

// Keep elements by descending weight (then index) while they stay consistent: the dropped ones
// form a minimal correction, cheap but not proven cheapest.
bool greedy(const GroundProblem& p, const Component& comp, const SolveOptions& options, Outcome& out) {
  z3::context ctx;
  z3::solver solver(ctx);
  solver.set(limited(ctx, options.rlimit));
  Doubtable d = encode(ctx, solver, p, comp);
  std::vector<std::size_t> order(d.literals.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return d.weights[a] > d.weights[b]; });
  z3::expr_vector kept(ctx);
  std::vector<std::size_t> dropped;
  for (auto k : order) {
    kept.push_back(d.literals[k]);
    z3::check_result r = solver.check(kept);
    if (r == z3::unknown) return false;
    if (r == z3::unsat) {
      kept.pop_back();
      dropped.push_back(k);
    }
  }
  std::sort(dropped.begin(), dropped.end());
  out.repairs = {repair_of(d, dropped)};
  return true;
}

}  // namespace

// With every minimal correction known (and no soft rule to weigh), the cheapest are read off the
// list: exact, and no new Z3 context per component.
static bool repairs_from_corrections(const GroundProblem& p, const Component& comp, Outcome& out) {
  bool soft = std::any_of(comp.instances.begin(), comp.instances.end(), [&](int i) { return p.instances[i].soft; });
  if (soft || !out.enumeration_complete || out.corrections.empty()) return false;
  auto weight = [&](const std::vector<int>& claims) {
    long w = 0;
    for (int c : claims) w += p.claim_weights[c];
    return w;
  };
  long best = weight(out.corrections.front());
  for (const auto& c : out.corrections) best = std::min(best, weight(c));
  for (const auto& c : out.corrections)
    if (weight(c) == best && out.repairs.size() < kMaxTies) out.repairs.push_back({c, {}, best});
  std::size_t ties = std::count_if(out.corrections.begin(), out.corrections.end(),
                                   [&](const auto& c) { return weight(c) == best; });
  if (ties > kMaxTies) out.repairs_note = fmt::format("listing stopped at {} corrections of the same weight", kMaxTies);
  std::sort(out.repairs.begin(), out.repairs.end(), [](const Repair& a, const Repair& b) { return a.claims < b.claims; });
  return true;
}

void find_repairs(const GroundProblem& p, const Component& comp, const SolveOptions& options, Outcome& out) {
  if (!options.always_optimize && repairs_from_corrections(p, comp, out)) return;
  z3::context ctx;
  z3::optimize opt(ctx);
  opt.set(limited(ctx, options.rlimit));
  Doubtable d = encode(ctx, opt, p, comp);
  for (std::size_t k = 0; k < d.literals.size(); ++k) opt.add_soft(d.literals[k], static_cast<unsigned>(d.weights[k]));
  z3::check_result r = z3::unknown;
  try {
    r = opt.check();
  } catch (const z3::exception&) {
    r = z3::unknown;
  }
  if (r != z3::sat) {
    out.repairs_optimal = false;
    bool found = greedy(p, comp, options, out);
    out.repairs_note = found ? "the optimizer gave up within the resource limit; this correction is minimal, not "
                               "proven cheapest"
                             : "the optimizer and the greedy search both gave up within the resource limit";
    return;
  }
  z3::model model = opt.get_model();
  std::vector<std::size_t> dropped;
  for (std::size_t k = 0; k < d.literals.size(); ++k)
    if (model.eval(d.literals[k], true).is_false()) dropped.push_back(k);
  Repair best = repair_of(d, dropped);
  out.repairs.push_back(best);

  // Ties: other sets of the same weight. Each is minimal, since weights are positive.
  z3::solver ties(ctx);
  ties.set(limited(ctx, options.rlimit));
  encode(ctx, ties, p, comp);
  z3::expr_vector cost(ctx);
  for (std::size_t k = 0; k < d.literals.size(); ++k)
    cost.push_back(z3::ite(d.literals[k], ctx.int_val(0), ctx.int_val(static_cast<int64_t>(d.weights[k]))));
  ties.add(z3::sum(cost) <= ctx.int_val(static_cast<int64_t>(best.weight)));
  auto block = [&](const std::vector<std::size_t>& set) {
    z3::expr_vector keep_one(ctx);
    for (auto k : set) keep_one.push_back(d.literals[k]);
    ties.add(z3::mk_or(keep_one));
  };
  block(dropped);
  while (out.repairs.size() < kMaxTies) {
    z3::check_result t = ties.check();
    if (t == z3::unsat) break;
    if (t == z3::unknown) {
      out.repairs_note = "more corrections of the same weight may exist: the search for ties gave up";
      break;
    }
    z3::model m = ties.get_model();
    std::vector<std::size_t> tie;
    for (std::size_t k = 0; k < d.literals.size(); ++k)
      if (m.eval(d.literals[k], true).is_false()) tie.push_back(k);
    out.repairs.push_back(repair_of(d, tie));
    block(tie);
  }
  if (out.repairs.size() == kMaxTies && out.repairs_note.empty())
    out.repairs_note = fmt::format("listing stopped at {} corrections of the same weight", kMaxTies);
  std::sort(out.repairs.begin(), out.repairs.end(), [](const Repair& a, const Repair& b) {
    return std::tie(a.claims, a.instances) < std::tie(b.claims, b.instances);
  });
}

}  // namespace claimcheck
