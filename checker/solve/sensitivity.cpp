// How far the tolerances must widen before a minimal conflict goes away: a linear program in
// one factor t that scales every tolerance-made interval about its stated number.
#include <z3++.h>

#include "solve/encoder.hpp"
#include "solve/exact_widening.hpp"
#include "solve/repair.hpp"

namespace claimcheck {

static CenterOf center_of(bool rounding) { return rounding ? &GroundAtom::rounding_center : &GroundAtom::center; }

static bool widens(const GroundProblem& p, const Conflict& conflict, bool rounding) {
  for (int c : conflict.claims)
    for (const auto& atom : p.atoms_of(c))
      if (atom.*center_of(rounding)) return true;
  return false;  // exact bounds, propositions and dates do not widen
}

std::optional<Rational> least_widening(z3::solver& solver, const GroundProblem& p, const Component& comp,
                                       const Conflict& conflict, const SolveOptions& options, bool rounding) {
  if (!widens(p, conflict, rounding)) return std::nullopt;
  // In rationals when the widened conflict is linear and small: several times cheaper than the
  // Z3 checks and models below, and the same least factor (tests/unit/test_widening.cpp).
  ExactWidening exact = exact_least_widening(p, conflict, center_of(rounding));
  if (exact.decided) return exact.least;
  return z3_least_widening(solver, p, comp, conflict, options, rounding);
}

std::optional<Rational> z3_least_widening(z3::solver& solver, const GroundProblem& p, const Component& comp,
                                          const Conflict& conflict, const SolveOptions& options, bool rounding) {
  if (!widens(p, conflict, rounding)) return std::nullopt;
  CenterOf center_member = center_of(rounding);
  z3::context& ctx = solver.ctx();
  Encoder enc{ctx, p};
  z3::expr t = ctx.real_const("widening");
  auto number = [&](const Rational& r) { return ctx.real_val(to_fraction_string(r).c_str()); };
  auto numeral = [&](const z3::expr& e) {
    std::string text = Z3_get_numeral_string(ctx, e);
    auto slash = text.find('/');
    if (slash == std::string::npos) return Rational(Integer(text));
    return Rational(Integer(text.substr(0, slash)), Integer(text.substr(slash + 1)));
  };
  // The widened conflict. Bounds are taken closed: the least factor is an infimum, reached or
  // approached.
  auto add_problem = [&](auto& target) {
    target.add(t >= ctx.real_val(1));
    for (int v : comp.vars)
      if (auto domain = enc.domain(v)) target.add(*domain);
    for (int c : conflict.claims) {
      for (const auto& atom : p.atoms_of(c)) {
        z3::expr x = enc.var(atom.var);
        if (atom.polarity) {
          target.add(*atom.polarity ? x : !x);
          continue;
        }
        z3::expr value = x.is_int() ? z3::to_real(x) : x;
        const Interval& i = atom.interval;
        const auto& center = atom.*center_member;
        auto bound = [&](const Rational& b) { return center ? number(*center) + t * number(b - *center) : number(b); };
        if (i.lo) target.add(value >= bound(i.lo->value));
        if (i.hi) target.add(value <= bound(i.hi->value));
      }
    }
    for (int i : conflict.instances)
      target.add(enc.condition(p.instances[i].expr));  // past-event instances hold with their claim
  };
  // The least factor that lets the model's values stand: the largest relative step of a value
  // outside its stated interval, away from its center.
  auto factor_of = [&](const z3::model& model) {
    Rational factor(1);
    for (int c : conflict.claims)
      for (const auto& atom : p.atoms_of(c)) {
        const auto& center = atom.*center_member;
        if (!center || atom.polarity) continue;
        Rational x = numeral(model.eval(enc.var(atom.var), true));
        const Interval& i = atom.interval;
        if (i.lo && x < *center && i.lo->value < *center) factor = std::max(factor, Rational((*center - x) / (*center - i.lo->value)));
        if (i.hi && x > *center && i.hi->value > *center) factor = std::max(factor, Rational((x - *center) / (i.hi->value - *center)));
      }
    return factor;
  };
  // Find values, take the least factor they need, ask for values needing less; when none exist
  // the factor is proven least. Z3 places values at vertices, so this takes about three checks;
  // its optimizer is several times slower here and stopped above the least factor (22 where 18
  // is least, for four counts in the synthetic corpus).
  // On a solver the worker keeps for widening alone, in a scope of its own: a new solver per
  // conflict was slow to set up, and the component's solver made every check and model carry
  // the component's other constraints.
  struct Scope {
    z3::solver& solver;
    Scope(z3::solver& s) : solver(s) { solver.push(); }
    ~Scope() { solver.pop(); }
  } scope(solver);
  add_problem(solver);
  std::optional<Rational> least;
  for (int round = 0; round < 64; ++round) {
    z3::check_result r = solver.check();
    if (r == z3::unsat) return least;
    if (r != z3::sat) return std::nullopt;
    least = factor_of(solver.get_model());
    solver.add(t < number(*least));
  }
  // Values that creep down slowly (real-valued keys): the optimizer, below the best so far, then
  // the same proof.
  z3::optimize opt(ctx);
  z3::params params(ctx);
  params.set("rlimit", static_cast<unsigned>(std::min<std::uint64_t>(options.rlimit, 4'000'000'000u)));
  params.set("ctrl_c", false);
  opt.set(params);
  add_problem(opt);
  opt.add(t < number(*least));
  opt.minimize(t);
  for (int round = 0; round < 8; ++round) {
    z3::check_result r = opt.check();
    if (r == z3::unsat) return least;
    if (r != z3::sat) return std::nullopt;
    least = numeral(opt.get_model().eval(t, true));
    opt.add(t < number(*least));
  }
  return std::nullopt;
}

}  // namespace claimcheck
