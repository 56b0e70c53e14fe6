#include <z3++.h>

#include <atomic>
#include <fmt/format.h>
#include <memory>
#include <numeric>
#include <set>
#include <thread>

#include "solve/solve.hpp"

namespace claimcheck {

// ---- exact witness ----

static Rational pick_point(const Interval& i, bool integer, bool& ok) {
  ok = true;
  if (integer) {
    std::optional<Integer> lo, hi;
    if (i.lo) lo = i.lo->strict ? Integer(floor(i.lo->value) + 1) : ceil(i.lo->value);
    if (i.hi) hi = i.hi->strict ? Integer(ceil(i.hi->value) - 1) : floor(i.hi->value);
    if (lo && hi) {
      if (*lo > *hi) {
        ok = false;
        return 0;
      }
      Integer mid = floor((Rational(*lo) + Rational(*hi)) / 2 + Rational(1, 2));
      return Rational(std::clamp(mid, *lo, *hi));
    }
    if (lo) return Rational(*lo);
    if (hi) return Rational(*hi);
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

static bool never_negative(const Variable& v) { return v.type == ValueType::count || v.type == ValueType::stock; }

std::optional<Assignment> exact_witness(const GroundProblem& problem, const Component& component) {
  std::map<int, Interval> bounds;
  for (int v : component.vars)
    if (never_negative(problem.variables[v])) bounds[v] = Interval{Bound{0, false}, std::nullopt};
  std::map<int, bool> truth;
  for (int c : component.claims) {
    for (std::size_t a = 0; a < problem.atom_vars[c].size(); ++a) {
      int v = problem.atom_vars[c][a];
      if (auto polarity = problem.atom_polarity[c][a]) {
        auto [it, inserted] = truth.emplace(v, *polarity);
        if (!inserted && it->second != *polarity) return std::nullopt;
      } else {
        auto [it, inserted] = bounds.emplace(v, problem.atom_intervals[c][a]);
        if (!inserted) it->second = intersect(it->second, problem.atom_intervals[c][a]);
      }
    }
  }
  Assignment values;
  std::set<int> stated;
  for (int c : component.claims)
    for (int v : problem.atom_vars[c]) stated.insert(v);
  for (int v : component.vars) {
    if (auto t = truth.find(v); t != truth.end()) {
      values[v] = t->second;
      continue;
    }
    auto b = bounds.find(v);
    if (b == bounds.end() || !stated.count(v)) return std::nullopt;  // only rules mention it: leave it to Z3
    bool ok = false;
    Rational point = pick_point(b->second, problem.variables[v].is_integer(), ok);
    if (!ok) return std::nullopt;
    values[v] = point;
  }
  auto holds = [&](const Expr& e) {
    auto r = evaluate(e, values);
    return r && std::holds_alternative<bool>(*r) && std::get<bool>(*r);
  };
  for (int c : component.claims)
    if (!holds(problem.claim_exprs[c])) return std::nullopt;
  for (int i : component.instances)
    if (!holds(problem.instances[i].expr)) return std::nullopt;
  return values;
}

// ---- Z3 ----

namespace {

struct Encoder {
  z3::context& ctx;
  const GroundProblem& problem;

  // What every value of the variable's type satisfies, whatever the claims say.
  std::optional<z3::expr> domain(int id) const {
    if (!never_negative(problem.variables[id])) return std::nullopt;
    return var(id) >= ctx.int_val(0);
  }

  z3::expr var(int id) const {
    const Variable& v = problem.variables[id];
    std::string name = "v" + std::to_string(id);
    if (v.type == ValueType::boolean) return ctx.bool_const(name.c_str());
    if (v.is_integer()) return ctx.int_const(name.c_str());
    return ctx.real_const(name.c_str());
  }

  // Arithmetic goes to reals so that integer keys and rational bounds compare exactly.
  z3::expr number(const Expr& e) const {
    using Op = Expr::Op;
    switch (e.op) {
      case Op::constant: return ctx.real_val(to_fraction_string(e.value).c_str());
      case Op::var: {
        z3::expr x = var(e.var);
        return x.is_int() ? z3::to_real(x) : x;
      }
      case Op::add: {
        z3::expr_vector terms(ctx);
        for (const auto& k : e.kids) terms.push_back(number(k));
        return z3::sum(terms);
      }
      case Op::scale: return ctx.real_val(to_fraction_string(e.value).c_str()) * number(e.kids[0]);
      default: throw std::logic_error("not an arithmetic expression");
    }
  }

  z3::expr condition(const Expr& e) const {
    using Op = Expr::Op;
    switch (e.op) {
      case Op::truth: return ctx.bool_val(e.truth);
      case Op::var: return var(e.var);
      case Op::not_: return !condition(e.kids[0]);
      case Op::and_:
      case Op::or_: {
        z3::expr_vector parts(ctx);
        for (const auto& k : e.kids) parts.push_back(condition(k));
        return e.op == Op::and_ ? z3::mk_and(parts) : z3::mk_or(parts);
      }
      case Op::implies: return z3::implies(condition(e.kids[0]), condition(e.kids[1]));
      default: break;
    }
    bool boolean = !e.kids[0].is_arithmetic();
    z3::expr a = boolean ? condition(e.kids[0]) : number(e.kids[0]);
    z3::expr b = boolean ? condition(e.kids[1]) : number(e.kids[1]);
    switch (e.op) {
      case Op::eq: return a == b;
      case Op::ne: return a != b;
      case Op::lt: return a < b;
      case Op::le: return a <= b;
      case Op::gt: return a > b;
      case Op::ge: return a >= b;
      default: throw std::logic_error("not a condition");
    }
  }
};

Value read_value(const z3::expr& e, const Variable& v) {
  if (v.type == ValueType::boolean) return e.is_true();
  std::string text = Z3_get_numeral_string(e.ctx(), e);
  auto slash = text.find('/');
  if (slash == std::string::npos) return Rational(Integer(text));
  return Rational(Integer(text.substr(0, slash)), Integer(text.substr(slash + 1)));
}

// A model from a fresh context: the same assertions in the same order give the same model, so
// witnesses do not depend on which worker solved what before.
Assignment fresh_model(const GroundProblem& problem, const Component& component) {
  z3::context ctx;
  z3::solver solver(ctx);
  Encoder enc{ctx, problem};
  for (int v : component.vars)
    if (auto d = enc.domain(v)) solver.add(*d);
  for (int c : component.claims) solver.add(enc.condition(problem.claim_exprs[c]));
  for (int i : component.instances) solver.add(enc.condition(problem.instances[i].expr));
  Assignment values;
  if (solver.check() != z3::sat) return values;
  z3::model model = solver.get_model();
  for (int v : component.vars) values[v] = read_value(model.eval(enc.var(v), true), problem.variables[v]);
  return values;
}

class ComponentSolver {
 public:
  ComponentSolver(z3::context& ctx, z3::solver& solver, const GroundProblem& problem, const Component& component,
                  std::uint64_t budget)
      : ctx_(ctx), solver_(solver), problem_(problem), component_(component), budget_(budget) {}

  Outcome run() {
    Outcome out;
    Encoder enc{ctx_, problem_};
    solver_.push();
    for (int v : component_.vars)
      if (auto d = enc.domain(v)) solver_.add(*d);
    for (int c : component_.claims) {
      z3::expr p = ctx_.bool_const(("p" + std::to_string(c)).c_str());
      claim_literals_.push_back(p);
      solver_.add(z3::implies(p, enc.condition(problem_.claim_exprs[c])));
    }
    for (int i : component_.instances) {
      const RuleInstance& inst = problem_.instances[i];
      z3::expr r = ctx_.bool_const(("r" + std::to_string(i)).c_str());
      rule_literals_.push_back(r);
      z3::expr body = enc.condition(inst.expr);
      if (inst.claim) body = z3::implies(ctx_.bool_const(("p" + std::to_string(*inst.claim)).c_str()), body);
      solver_.add(z3::implies(r, body));
    }
    std::vector<std::size_t> claims(component_.claims.size()), rules(component_.instances.size());
    std::iota(claims.begin(), claims.end(), 0);
    std::iota(rules.begin(), rules.end(), 0);
    z3::check_result first = check(claims, rules);
    out.solver_checks = checks_;
    if (first == z3::sat) {
      out.status = Status::consistent;
    } else if (first == z3::unknown) {
      out.status = Status::unknown;
      out.unknown_reason = unknown_reason_;
    } else {
      std::vector<std::size_t> remaining = claims;
      while (true) {
        auto conflict = shrink(remaining, rules);
        if (!conflict) {
          out.status = Status::unknown;
          out.unknown_reason = unknown_reason_ + " while minimizing a conflict";
          out.conflicts.clear();
          break;
        }
        out.status = Status::inconsistent;
        Conflict found;
        for (auto k : conflict->first) found.claims.push_back(component_.claims[k]);
        for (auto k : conflict->second) found.instances.push_back(component_.instances[k]);
        out.conflicts.push_back(std::move(found));
        // Look for another conflict among the claims no conflict so far holds.
        std::vector<std::size_t> rest;
        for (auto k : remaining)
          if (std::find(conflict->first.begin(), conflict->first.end(), k) == conflict->first.end()) rest.push_back(k);
        remaining = rest;
        if (remaining.empty()) break;
        auto r = check(remaining, rules);
        if (r == z3::sat) break;
        if (r == z3::unknown) {
          out.status = Status::unknown;
          out.unknown_reason = unknown_reason_ + " while looking for further conflicts";
          out.conflicts.clear();
          break;
        }
      }
    }
    out.solver_checks = checks_;
    solver_.pop();
    return out;
  }

 private:
  z3::context& ctx_;
  z3::solver& solver_;
  const GroundProblem& problem_;
  const Component& component_;
  std::uint64_t budget_;
  std::uint64_t used_ = 0;
  std::uint64_t checks_ = 0;
  std::string unknown_reason_;
  std::vector<z3::expr> claim_literals_, rule_literals_;

  // Deletion in index order: the set found depends only on which subsets are satisfiable, not
  // on the solver's history. `claims` must be unsatisfiable with `rules`. nullopt: undecided.
  std::optional<std::pair<std::vector<std::size_t>, std::vector<std::size_t>>> shrink(
      std::vector<std::size_t> claims, std::vector<std::size_t> rules) {
    bool decided = delete_each(claims, [&](const std::vector<std::size_t>& rest) { return check(rest, rules); }) &&
                   delete_each(rules, [&](const std::vector<std::size_t>& rest) { return check(claims, rest); });
    if (!decided) return std::nullopt;
    return std::make_pair(claims, rules);
  }

  // Drops each element in turn and keeps the drop while the rest stays unsatisfiable. False when
  // a check is undecided.
  template <class Check>
  static bool delete_each(std::vector<std::size_t>& list, Check check_rest) {
    for (std::size_t k = 0; k < list.size();) {
      std::vector<std::size_t> rest = list;
      rest.erase(rest.begin() + static_cast<long>(k));
      auto r = check_rest(rest);
      if (r == z3::unknown) return false;
      if (r == z3::unsat) list = std::move(rest);
      else ++k;
    }
    return true;
  }

  std::uint64_t rlimit_count() {
    z3::stats stats = solver_.statistics();
    for (unsigned i = 0; i < stats.size(); ++i)
      if (stats.key(i) == "rlimit count") return stats.is_uint(i) ? stats.uint_value(i) : static_cast<std::uint64_t>(stats.double_value(i));
    return 0;
  }

  // Assumptions are bare Boolean constants only (compound ones leak in Z3 4.8). Each check is
  // capped at the component's budget by the solver's rlimit (set once per solver: setting
  // parameters per check made checks five times slower); the component stops once its checks
  // together have used the budget.
  z3::check_result check(const std::vector<std::size_t>& claims, const std::vector<std::size_t>& rules) {
    if (used_ >= budget_) {
      unknown_reason_ = fmt::format("resource limit of {} exhausted", budget_);
      return z3::unknown;
    }
    z3::expr_vector assumptions(ctx_);
    for (auto k : claims) assumptions.push_back(claim_literals_[k]);
    for (auto k : rules) assumptions.push_back(rule_literals_[k]);
    std::uint64_t before = rlimit_count();
    z3::check_result r = solver_.check(assumptions);
    ++checks_;
    used_ += rlimit_count() - before;
    if (r == z3::unknown) {
      unknown_reason_ = fmt::format("Z3 gave up: {} (resource limit {} per component, {} used)",
                                    solver_.reason_unknown(), budget_, used_);
    }
    return r;
  }
};

}  // namespace

std::vector<Outcome> solve(const GroundProblem& problem, const std::vector<Component>& components,
                           const SolveOptions& options) {
  std::vector<Outcome> outcomes(components.size());
  std::atomic<std::size_t> next{0};
  auto work = [&]() {
    // One context and one solver per worker, reused with push/pop.
    std::unique_ptr<z3::context> ctx;
    std::unique_ptr<z3::solver> solver;
    std::uint64_t checks_since_fresh = 0;
    auto fresh = [&]() {
      solver.reset();
      ctx = std::make_unique<z3::context>();
      solver = std::make_unique<z3::solver>(*ctx);
      z3::params params(*ctx);
      params.set("rlimit", static_cast<unsigned>(std::min<std::uint64_t>(options.rlimit, 4'000'000'000u)));
      solver->set(params);
    };
    for (std::size_t i = next++; i < components.size(); i = next++) {
      const Component& component = components[i];
      if (options.witness_check) {
        if (auto witness = exact_witness(problem, component)) {
          outcomes[i].status = Status::consistent;
          outcomes[i].witness = std::move(*witness);
          outcomes[i].witness_source = "exact check";
          continue;
        }
      }
      // Z3 4.8 slows down on a long-lived solver; a new one every ~1,000 checks keeps it fast.
      if (!ctx || options.context_per_component || checks_since_fresh > 1000) {
        fresh();
        checks_since_fresh = 0;
      }
      try {
        outcomes[i] = ComponentSolver(*ctx, *solver, problem, component, options.rlimit).run();
        checks_since_fresh += outcomes[i].solver_checks;
      } catch (const z3::exception& e) {
        outcomes[i].status = Status::unknown;
        outcomes[i].unknown_reason = std::string("Z3 error: ") + e.msg();
        fresh();
      }
      if (outcomes[i].status == Status::consistent) {
        auto exact = options.witness_check ? std::nullopt : exact_witness(problem, component);
        if (exact) {
          outcomes[i].witness = std::move(*exact);
          outcomes[i].witness_source = "exact check";
        } else {
          outcomes[i].witness = fresh_model(problem, component);
          outcomes[i].witness_source = "z3 model";
        }
      }
    }
  };
  // Workers run on their own threads even when there is one: on the main thread, glibc's main
  // arena returns memory to the kernel as Z3 frees it and takes it back page by page, which made
  // solving up to seven times slower here (bench/). Thread arenas do not trim that way.
  unsigned threads = std::max(1u, std::min<unsigned>(options.threads, static_cast<unsigned>(components.size())));
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(work);
  for (auto& t : pool) t.join();
  return outcomes;
}

}  // namespace claimcheck
