// How far the tolerances must widen before a minimal conflict goes away: a linear program in
// one factor t that scales every tolerance-made interval about its stated number.
#include <z3++.h>

#include "solve/encoder.hpp"
#include "solve/repair.hpp"

namespace claimcheck {

std::optional<Rational> least_widening(z3::context& ctx, const GroundProblem& p, const Component& comp,
                                       const Conflict& conflict,
                                       const SolveOptions& options, bool rounding) {
  const auto& centers = rounding ? p.atom_rounding_centers : p.atom_centers;
  if (centers.empty()) return std::nullopt;
  bool widens = false;
  for (int c : conflict.claims)
    for (const auto& center : centers[c]) widens = widens || center.has_value();
  if (!widens) return std::nullopt;  // exact bounds, propositions and dates do not widen

  z3::optimize opt(ctx);
  z3::params params(ctx);
  params.set("rlimit", static_cast<unsigned>(std::min<std::uint64_t>(options.rlimit, 4'000'000'000u)));
  params.set("ctrl_c", false);
  opt.set(params);
  Encoder enc{ctx, p};
  z3::expr t = ctx.real_const("widening");
  opt.add(t >= ctx.real_val(1));
  auto number = [&](const Rational& r) { return ctx.real_val(to_fraction_string(r).c_str()); };
  for (int v : comp.vars)
    if (auto domain = enc.domain(v)) opt.add(*domain);
  // Bounds are taken closed: the least factor is an infimum, reached or approached.
  for (int c : conflict.claims) {
    for (std::size_t a = 0; a < p.atom_vars[c].size(); ++a) {
      z3::expr x = enc.var(p.atom_vars[c][a]);
      if (auto polarity = p.atom_polarity[c][a]) {
        opt.add(*polarity ? x : !x);
        continue;
      }
      z3::expr value = x.is_int() ? z3::to_real(x) : x;
      const Interval& i = p.atom_intervals[c][a];
      const auto& center = centers[c][a];
      auto bound = [&](const Rational& b) {
        return center ? number(*center) + t * number(b - *center) : number(b);
      };
      if (i.lo) opt.add(value >= bound(i.lo->value));
      if (i.hi) opt.add(value <= bound(i.hi->value));
    }
  }
  for (int i : conflict.instances) {
    const RuleInstance& inst = p.instances[i];
    z3::expr body = enc.condition(inst.expr);
    opt.add(body);  // past-event instances belong to a claim of the conflict: they hold with it
  }
  opt.minimize(t);
  auto read = [&](const z3::model& model) {
    std::string text = Z3_get_numeral_string(ctx, model.eval(t, true));
    auto slash = text.find('/');
    if (slash == std::string::npos) return Rational(Integer(text));
    return Rational(Integer(text.substr(0, slash)), Integer(text.substr(slash + 1)));
  };
  // Z3 4.8's optimizer can stop above the least factor when integer values are involved (it
  // answered 106 where 104 is least, in a fresh context). So the answer is proven least: no
  // factor below it works. Otherwise optimize again below it; a few rounds always settled it.
  if (opt.check() != z3::sat) return std::nullopt;
  Rational least = read(opt.get_model());
  for (int round = 0; round < 8; ++round) {
    opt.add(t < number(least));
    z3::check_result below = opt.check();
    if (below == z3::unsat) return least;
    if (below != z3::sat) return std::nullopt;
    least = read(opt.get_model());
  }
  return std::nullopt;
}

}  // namespace claimcheck
