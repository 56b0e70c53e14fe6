// The least widening computed in rationals (solve/exact_widening.hpp) against the same problem
// given to Z3 (z3_least_widening): random conflicts over whole and real-valued keys, with and
// without centers, sums, equalities and strict comparisons.
#include <catch2/catch.hpp>
#include <z3++.h>

#include <random>

#include "model/problem_builder.hpp"
#include "solve/exact_widening.hpp"
#include "solve/repair.hpp"

using namespace claimcheck;

namespace {

struct RandomConflict {
  GroundProblem problem;
  Component component;
  Conflict conflict;
};

// Keys of every numeric type, one to three claims on each (an interval, some sides missing or
// strict, widening about a number inside it or not at all) and up to three linear rules.
RandomConflict random_conflict(std::mt19937& rng) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  RandomConflict r;
  GroundProblem& p = r.problem;
  const ValueType types[] = {ValueType::count, ValueType::stock, ValueType::ratio, ValueType::money,
                             ValueType::duration, ValueType::date};
  int keys = pick(1, 4);
  for (int k = 0; k < keys; ++k) add_variable(p, "k" + std::to_string(k), types[pick(0, 5)]);
  for (int k = 0; k < keys; ++k) {
    for (int claims = pick(1, 3); claims > 0; --claims) {
      Rational center(pick(-20, 200), pick(1, 3));
      Interval i;
      if (pick(0, 5) > 0) i.lo = Bound{center - Rational(pick(0, 20), pick(1, 4)), pick(0, 3) == 0};
      if (pick(0, 5) > 0) i.hi = Bound{center + Rational(pick(0, 20), pick(1, 4)), pick(0, 3) == 0};
      add_claim(p, k, i);
      if (pick(0, 2) > 0) p.atoms.back().center = center;
      r.conflict.claims.push_back(static_cast<int>(p.claim_count()) - 1);
    }
  }
  using Op = Expr::Op;
  const Op comparisons[] = {Op::le, Op::ge, Op::eq, Op::lt, Op::gt};
  for (int rules = pick(0, 3); rules > 0; --rules) {
    std::vector<Expr> terms;
    for (int k = 0; k < keys; ++k)
      if (pick(0, 1)) terms.push_back(Expr::scaled(Rational(pick(-3, 3), pick(1, 2)), Expr::variable(k)));
    if (terms.empty()) terms.push_back(Expr::variable(0));
    add_rule(p, "rule", Expr::binary(comparisons[pick(0, 4)], Expr::sum(std::move(terms)),
                                     Expr::constant(Rational(pick(-50, 300), pick(1, 2)))));
    r.conflict.instances.push_back(static_cast<int>(p.instances.size()) - 1);
  }
  for (int c = 0; c < static_cast<int>(p.claim_count()); ++c) r.component.claims.push_back(c);
  for (int i = 0; i < static_cast<int>(p.instances.size()); ++i) r.component.instances.push_back(i);
  for (int v = 0; v < keys; ++v) r.component.vars.push_back(v);
  return r;
}

}  // namespace

TEST_CASE("the exact least widening equals Z3's on random conflicts", "[solve][sensitivity]") {
  std::mt19937 rng(20261203);
  z3::context ctx;
  z3::solver solver(ctx);
  SolveOptions options;
  int decided = 0, feasible = 0, whole_differs = 0, handed_back = 0;
  for (int round = 0; round < 600; ++round) {
    RandomConflict r = random_conflict(rng);
    ExactWidening exact = exact_least_widening(r.problem, r.conflict, &GroundAtom::center);
    std::optional<Rational> z3 = z3_least_widening(solver, r.problem, r.component, r.conflict, options);
    bool widens = false;
    for (const auto& atom : r.problem.atoms) widens = widens || atom.center.has_value();
    if (!exact.decided) {
      ++handed_back;
      continue;
    }
    ++decided;
    if (!widens) continue;  // z3_least_widening has nothing to widen
    INFO("round " << round);
    REQUIRE(exact.least.has_value() == z3.has_value());
    if (exact.least) {
      ++feasible;
      CHECK(*exact.least == *z3);
      // The same conflict over real-valued keys: where it needs less, whole values made it larger.
      for (auto& v : r.problem.variables) v.type = ValueType::ratio;
      ExactWidening relaxed = exact_least_widening(r.problem, r.conflict, &GroundAtom::center);
      if (relaxed.decided && relaxed.least && *relaxed.least < *exact.least) ++whole_differs;
    }
  }
  // Every path is exercised: decided conflicts with and without a least factor, whole keys that
  // need branching, and conflicts handed back to Z3.
  INFO(decided << " decided, " << feasible << " with a factor, " << whole_differs << " larger for whole keys, "
                << handed_back << " handed back");
  CHECK(decided > 400);
  CHECK(feasible > 100);
  CHECK(whole_differs > 10);
  CHECK(handed_back > 20);
}

TEST_CASE("whole keys make the least widening larger than the real-valued one", "[solve][sensitivity]") {
  // A count in [10.2, 10.6], widened about 10.4 by 0.2 a step: 10 needs t = 2 (0.4 / 0.2) and 11
  // needs t = 3 (0.6 / 0.2). A real-valued key fits at t = 1.
  GroundProblem p;
  int count = add_variable(p, "count", ValueType::count);
  add_claim(p, count, Interval{Bound{Rational(51, 5), false}, Bound{Rational(53, 5), false}});
  p.atoms.back().center = Rational(52, 5);
  Conflict conflict{{0}, {}, std::nullopt, std::nullopt};
  ExactWidening exact = exact_least_widening(p, conflict, &GroundAtom::center);
  REQUIRE(exact.decided);
  REQUIRE(exact.least);
  CHECK(*exact.least == Rational(2));

  p.variables[count].type = ValueType::ratio;
  exact = exact_least_widening(p, conflict, &GroundAtom::center);
  REQUIRE(exact.decided);
  CHECK(*exact.least == Rational(1));
}

TEST_CASE("the exact least widening hands back what it cannot solve", "[solve][sensitivity]") {
  GroundProblem p;
  int a = add_variable(p, "a", ValueType::ratio), b = add_variable(p, "b", ValueType::ratio);
  add_claim(p, a, Interval{Bound{Rational(1), false}, Bound{Rational(2), false}});
  p.atoms.back().center = Rational(3, 2);
  add_claim(p, b, Interval{Bound{Rational(1), false}, Bound{Rational(2), false}});
  Conflict conflict{{0, 1}, {0}, std::nullopt, std::nullopt};
  SECTION("a strict comparison between real-valued keys has no least factor to read off") {
    add_rule(p, "r", Expr::binary(Expr::Op::lt, Expr::variable(a), Expr::variable(b)));
    CHECK_FALSE(exact_least_widening(p, conflict, &GroundAtom::center).decided);
  }
  SECTION("a disjunction is not a conjunction of inequalities") {
    add_rule(p, "r", Expr::any_of({Expr::binary(Expr::Op::le, Expr::variable(a), Expr::constant(0)),
                                   Expr::binary(Expr::Op::ge, Expr::variable(b), Expr::constant(5))}));
    CHECK_FALSE(exact_least_widening(p, conflict, &GroundAtom::center).decided);
  }
  SECTION("a Boolean key") {
    int flag = add_variable(p, "flag", ValueType::boolean);
    add_claim(p, flag, std::nullopt, true);
    conflict.claims.push_back(2);
    conflict.instances.clear();
    CHECK_FALSE(exact_least_widening(p, conflict, &GroundAtom::center).decided);
  }
}
