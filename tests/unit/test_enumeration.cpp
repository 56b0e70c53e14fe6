// Every minimal conflict and every minimal correction set, checked against brute force on
// random small problems built directly as grounded constraints.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <random>
#include <set>

#include "model/problem_builder.hpp"
#include "partition/partition.hpp"
#include "solve/solve.hpp"

using namespace claimcheck;

namespace {

constexpr int kDomain = 5;  // integer variables range over 0..kDomain

struct Instance {
  GroundProblem problem;
  int ints = 0, bools = 0;
};

// Up to 3 integer and 2 Boolean variables, up to 12 one-atom claims, and a mix of rule kinds:
// sums bounded by a variable, orderings, an equality of parts, implications. Without rules, the
// claims alone (and no domain bound but the counts' own, zero).
// with_proxies: no other rules, but up to three proxies, each equating two keys of one kind
// (some soft); keys no claim states are common then.
Instance random_instance(std::mt19937& rng, bool with_rules = true, bool with_proxies = false) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Instance in;
  GroundProblem& p = in.problem;
  in.ints = pick(1, 3);
  in.bools = pick(0, 2);
  std::vector<int> ints, bools;
  for (int i = 0; i < in.ints; ++i) ints.push_back(add_variable(p, "x" + std::to_string(i), ValueType::count));
  for (int i = 0; i < in.bools; ++i) bools.push_back(add_variable(p, "b" + std::to_string(i), ValueType::boolean));
  if (with_rules)
    for (int v : ints) add_rule(p, "domain", Expr::binary(Expr::Op::le, Expr::variable(v), Expr::constant(kDomain)));
  int claims = pick(2, 12);
  for (int c = 0; c < claims; ++c) {
    if (!bools.empty() && pick(0, 4) == 0) {
      add_claim(p, bools[pick(0, static_cast<int>(bools.size()) - 1)], std::nullopt, pick(0, 1) == 1, pick(1, 5));
      continue;
    }
    Interval interval;
    int shape = pick(0, 2);
    Rational a(pick(0, 2 * kDomain), 2);  // halves, so strictness and rounding matter
    Rational b = a + Rational(pick(0, 2 * kDomain), 2);
    if (shape != 1) interval.lo = Bound{a, pick(0, 1) == 1};
    if (shape != 0) interval.hi = Bound{b, pick(0, 1) == 1};
    add_claim(p, ints[pick(0, static_cast<int>(ints.size()) - 1)], interval, std::nullopt, pick(1, 5));
  }
  for (int r = with_proxies ? pick(1, 3) : 0; r > 0; --r) {
    const std::vector<int>& keys = bools.size() >= 2 && (ints.size() < 2 || pick(0, 2) == 0) ? bools : ints;
    if (keys.size() < 2) break;
    int x = pick(0, static_cast<int>(keys.size()) - 1), y = pick(0, static_cast<int>(keys.size()) - 2);
    if (y >= x) ++y;
    add_rule(p, "compared-as", Expr::binary(Expr::Op::eq, Expr::variable(keys[x]), Expr::variable(keys[y])));
    RuleInstance& proxy = p.instances.back();
    proxy.kind = RuleKind::proxy;
    proxy.soft = pick(0, 2) == 0;
    proxy.weight = pick(1, 5);
  }
  int rules = with_rules ? pick(0, 3) : 0;
  for (int r = 0; r < rules; ++r) {
    int kind = pick(0, 3);
    int x = ints[pick(0, static_cast<int>(ints.size()) - 1)], y = ints[pick(0, static_cast<int>(ints.size()) - 1)];
    if (kind == 0 && ints.size() >= 3)
      add_rule(p, "additivity", Expr::binary(Expr::Op::le, Expr::sum({Expr::variable(ints[0]), Expr::variable(ints[1])}),
                                             Expr::variable(ints[2])));
    else if (kind == 1 && x != y)
      add_rule(p, "time_order", Expr::binary(Expr::Op::le, Expr::variable(x), Expr::variable(y)));
    else if (kind == 2 && ints.size() >= 2)
      add_rule(p, "parts_sum", Expr::binary(Expr::Op::eq, Expr::variable(ints[0]),
                                            Expr::sum({Expr::variable(ints[1]), Expr::constant(pick(0, 2))})));
    else if (!bools.empty())
      add_rule(p, "implication",
               Expr::binary(Expr::Op::implies, Expr::variable(bools[0]),
                            Expr::binary(Expr::Op::ge, Expr::variable(x), Expr::constant(pick(1, kDomain)))));
  }
  return in;
}

using Mask = std::uint32_t;

// Brute force over every assignment of the component's variables: the sets of its claims that
// hold together with all of its rule instances, kept if maximal. Empty when the rules alone fail.
std::vector<Mask> maximal_satisfiable_masks(const Instance& in, const Component& comp) {
  const GroundProblem& p = in.problem;
  std::set<Mask> masks;
  int total = 1;
  for (int i = 0; i < in.ints; ++i) total *= kDomain + 1;
  total <<= in.bools;
  for (int code = 0; code < total; ++code) {
    Assignment values;
    int rest = code;
    for (int i = 0; i < in.ints; ++i) {
      values[i] = Rational(rest % (kDomain + 1));
      rest /= kDomain + 1;
    }
    for (int i = 0; i < in.bools; ++i) {
      values[in.ints + i] = (rest & 1) == 1;
      rest >>= 1;
    }
    bool rules_hold = true;
    for (int i : comp.instances) rules_hold = rules_hold && std::get<bool>(*evaluate(p.instances[i].expr, values));
    if (!rules_hold) continue;
    Mask m = 0;
    for (int c : comp.claims)
      if (std::get<bool>(*evaluate(p.claim_condition(c), values))) m |= Mask(1) << c;
    masks.insert(m);
  }
  std::vector<Mask> maximal;
  for (Mask m : masks) {
    bool inside = false;
    for (Mask other : masks) inside = inside || (other != m && (other & m) == m);
    if (!inside) maximal.push_back(m);
  }
  return maximal;
}

std::vector<int> members(Mask m) {
  std::vector<int> s;
  for (int c = 0; c < 32; ++c)
    if (m & (Mask(1) << c)) s.push_back(c);
  return s;
}

// 1,000; the sanitizer build (scripts/test-hardening.sh), about ten times slower, runs fewer
// through CLAIMCHECK_PROPERTY_ROUNDS.
int rounds() {
  const char* text = std::getenv("CLAIMCHECK_PROPERTY_ROUNDS");
  return text ? std::max(1, std::atoi(text)) : 1000;
}

// A problem's components solved with the exact check and with Z3 alone.
struct BothPaths {
  std::vector<Component> components;
  std::vector<Outcome> checked, solved;
};
BothPaths solve_both_ways(const GroundProblem& p) {
  BothPaths both{partition(p), {}, {}};
  SolveOptions with_check, z3_only;
  z3_only.witness_check = false;
  both.checked = solve(p, both.components, with_check);
  both.solved = solve(p, both.components, z3_only);
  return both;
}

// The exact path's outcome against Z3's: the same status, conflicts (with the instances they
// need and their widenings), corrections and repairs, and no Z3 check on the exact path.
void check_same_outcome(const Outcome& a, const Outcome& b) {
  REQUIRE(b.status != Status::unknown);
  CHECK(a.solver_checks == 0);
  CHECK(a.status == b.status);
  REQUIRE(a.conflicts.size() == b.conflicts.size());
  for (std::size_t c = 0; c < a.conflicts.size(); ++c) {
    CHECK(a.conflicts[c].claims == b.conflicts[c].claims);
    CHECK(a.conflicts[c].instances == b.conflicts[c].instances);
    CHECK(a.conflicts[c].widening == b.conflicts[c].widening);
    CHECK(a.conflicts[c].rounding_widening == b.conflicts[c].rounding_widening);
  }
  CHECK(a.corrections == b.corrections);
  REQUIRE(a.repairs.size() == b.repairs.size());
  for (std::size_t r = 0; r < a.repairs.size(); ++r) {
    CHECK(a.repairs[r].claims == b.repairs[r].claims);
    CHECK(a.repairs[r].instances == b.repairs[r].instances);
  }
  CHECK(a.enumeration_complete == b.enumeration_complete);
}

}  // namespace

TEST_CASE("enumerated minimal conflicts and corrections equal brute force on 1,000 random problems",
          "[solve][enumeration][property]") {
  std::mt19937 rng(20261123);
  int compared = 0, with_conflicts = 0;
  const int total = rounds();
  for (int round = 0; round < total; ++round) {
    Instance in = random_instance(rng);
    const GroundProblem& p = in.problem;
    std::vector<Component> components = partition(p);
    SolveOptions options;
    options.max_conflicts = 100000;
    // Every other round, the cheapest corrections come from Z3's optimizer rather than from the
    // list of minimal corrections: both must match brute force.
    options.always_optimize = round % 2 == 1;
    std::vector<Outcome> outcomes = solve(p, components, options);
    for (std::size_t k = 0; k < components.size(); ++k) {
      const Component& comp = components[k];
      INFO("round " << round << ", component " << comp.id);
      Mask own = 0;
      for (int c : comp.claims) own |= Mask(1) << c;
      std::vector<Mask> maximal = maximal_satisfiable_masks(in, comp);
      auto satisfiable = [&](Mask s) {
        return std::any_of(maximal.begin(), maximal.end(), [&](Mask m) { return (m & s) == s; });
      };
      // Minimal unsatisfiable subsets of the component's claims, the empty set included (when
      // the rules alone fail); minimal corrections are complements of maximal satisfiable sets.
      std::set<std::vector<int>> muses, mcses;
      for (Mask s = own;; s = (s - 1) & own) {
        if (!satisfiable(s)) {
          bool minimal = true;
          for (Mask rest = s; rest && minimal; rest &= rest - 1) minimal = satisfiable(s & ~(rest & (~rest + 1)));
          if (minimal) muses.insert(members(s));
        }
        if (s == 0) break;
      }
      for (Mask m : maximal)
        if (m != own) mcses.insert(members(own & ~m));

      const Outcome& out = outcomes[k];
      REQUIRE(out.status != Status::unknown);
      CHECK(out.enumeration_complete);
      CHECK((out.status == Status::inconsistent) == !muses.empty());
      std::set<std::vector<int>> found_muses, found_mcses(out.corrections.begin(), out.corrections.end());
      for (const auto& conflict : out.conflicts) found_muses.insert(conflict.claims);
      CHECK(found_muses == muses);
      if (out.status == Status::inconsistent) CHECK(found_mcses == mcses);
      // The suggested corrections: every correction of minimum total weight (ties included).
      if (out.status == Status::inconsistent && !mcses.empty()) {
        auto weight = [&](const std::vector<int>& set) {
          long w = 0;
          for (int c : set) w += p.claim_weights[c];
          return w;
        };
        long best = weight(*mcses.begin());
        for (const auto& m : mcses) best = std::min(best, weight(m));
        std::set<std::vector<int>> cheapest, suggested;
        for (const auto& m : mcses)
          if (weight(m) == best) cheapest.insert(m);
        for (const auto& repair : out.repairs) {
          CHECK(repair.weight == best);
          suggested.insert(repair.claims);
        }
        CHECK(out.repairs_optimal);
        CHECK(suggested == cheapest);
      }
      with_conflicts += !muses.empty();
    }
    ++compared;
  }
  CHECK(compared == total);
  // The generator must produce real conflicts, not only consistent problems.
  CHECK(with_conflicts > total * 3 / 10);
}

TEST_CASE("the exact witness check and Z3 agree on 1,000 random problems", "[solve][witness][property]") {
  std::mt19937 rng(20261203);
  int by_witness = 0, consistent_by_z3_only = 0, inconsistent = 0, fewer_checks = 0;
  const int total = rounds();
  for (int round = 0; round < total; ++round) {
    Instance in = random_instance(rng);
    const GroundProblem& p = in.problem;
    auto [components, checked, solved] = solve_both_ways(p);
    for (std::size_t k = 0; k < components.size(); ++k) {
      const Component& comp = components[k];
      INFO("round " << round << ", component " << comp.id);
      Mask own = 0;
      for (int c : comp.claims) own |= Mask(1) << c;
      std::vector<Mask> maximal = maximal_satisfiable_masks(in, comp);
      bool consistent = maximal.size() == 1 && maximal[0] == own;
      REQUIRE(solved[k].status != Status::unknown);
      CHECK((solved[k].status == Status::consistent) == consistent);
      if (auto witness = exact_witness(p, comp)) {
        // A witness proves consistency on its own: every claim and rule instance holds under it.
        ++by_witness;
        CHECK(consistent);
        for (int c : comp.claims) CHECK(std::get<bool>(*evaluate(p.claim_condition(c), *witness)));
        for (int i : comp.instances) CHECK(std::get<bool>(*evaluate(p.instances[i].expr, *witness)));
        CHECK(checked[k].witness_source == "exact check");
        CHECK(checked[k].solver_checks == 0);
      } else if (consistent) {
        ++consistent_by_z3_only;
      }
      inconsistent += consistent ? 0 : 1;
      // Both paths give the same answer and the same minimal conflicts.
      CHECK(checked[k].status == solved[k].status);
      std::set<std::vector<int>> a, b;
      for (const auto& conflict : checked[k].conflicts) a.insert(conflict.claims);
      for (const auto& conflict : solved[k].conflicts) b.insert(conflict.claims);
      CHECK(a == b);
      // While enumerating, sets the exact check satisfies are not asked of Z3.
      CHECK(checked[k].solver_checks <= solved[k].solver_checks);
      fewer_checks += checked[k].solver_checks < solved[k].solver_checks && checked[k].solver_checks > 0;
    }
  }
  // Each path was taken: the instances are not all easy, nor all hard.
  CHECK(by_witness > total / 10);
  CHECK(consistent_by_z3_only > 0);
  CHECK(inconsistent > total / 10);
  CHECK(fewer_checks > total / 10);
}

TEST_CASE("without rule instances the exact check alone gives Z3's outcome on 1,000 random problems",
          "[solve][witness][property]") {
  std::mt19937 rng(20261205);
  int inconsistent = 0, several_conflicts = 0, integer_gaps = 0;
  const int total = rounds();
  for (int round = 0; round < total; ++round) {
    Instance in = random_instance(rng, /*with_rules=*/false);
    const GroundProblem& p = in.problem;
    auto [components, checked, solved] = solve_both_ways(p);
    for (std::size_t k = 0; k < components.size(); ++k) {
      INFO("round " << round << ", component " << components[k].id);
      REQUIRE(components[k].instances.empty());
      const Outcome &a = checked[k], &b = solved[k];
      check_same_outcome(a, b);
      inconsistent += a.status == Status::inconsistent;
      several_conflicts += a.conflicts.size() > 1;
      // A pair whose real intervals meet between two integers only: the exact check rounds too.
      for (const auto& conflict : b.conflicts) {
        if (conflict.claims.size() != 2) continue;
        Interval meet = intersect(p.atoms_of(conflict.claims[0])[0].interval, p.atoms_of(conflict.claims[1])[0].interval);
        integer_gaps += !is_empty(meet) && p.atoms_of(conflict.claims[0])[0].polarity == std::nullopt;
      }
    }
  }
  CHECK(inconsistent > total / 10);
  CHECK(several_conflicts > total / 20);
  CHECK(integer_gaps > 0);
}

TEST_CASE("with proxies alone the exact check gives Z3's outcome on 1,000 random problems", "[solve][witness][property]") {
  std::mt19937 rng(20261206);
  int inconsistent = 0, proxied_conflicts = 0, soft_in_conflicts = 0, unstated = 0;
  const int total = rounds();
  for (int round = 0; round < total; ++round) {
    Instance in = random_instance(rng, /*with_rules=*/false, /*with_proxies=*/true);
    const GroundProblem& p = in.problem;
    auto [components, checked, solved] = solve_both_ways(p);
    for (std::size_t k = 0; k < components.size(); ++k) {
      INFO("round " << round << ", component " << components[k].id);
      const Outcome &a = checked[k], &b = solved[k];
      check_same_outcome(a, b);
      for (const auto& conflict : b.conflicts) {
        proxied_conflicts += !conflict.instances.empty();
        for (int i : conflict.instances) soft_in_conflicts += p.instances[i].soft;
      }
      inconsistent += a.status == Status::inconsistent;
      std::set<int> stated;
      for (int c : components[k].claims)
        for (const auto& atom : p.atoms_of(c)) stated.insert(atom.var);
      unstated += std::any_of(components[k].vars.begin(), components[k].vars.end(), [&](int v) { return !stated.count(v); });
    }
  }
  CHECK(inconsistent > total / 10);
  CHECK(proxied_conflicts > total / 10);
  CHECK(soft_in_conflicts > 0);
  CHECK(unstated > total / 20);
}

TEST_CASE("a proxy between a whole-number key and a real one is left to Z3", "[solve][witness]") {
  // The exact check picks 2 for the count and 3/2 for the ratio, so it fails; x = r = 1 holds.
  GroundProblem p;
  int x = add_variable(p, "x", ValueType::count), r = add_variable(p, "r", ValueType::ratio);
  add_claim(p, r, Interval{Bound{Rational(1, 2), false}, Bound{Rational(5, 2), false}}, std::nullopt, 1);
  add_claim(p, x, Interval{Bound{0, false}, std::nullopt}, std::nullopt, 1);
  add_rule(p, "compared-as", Expr::binary(Expr::Op::eq, Expr::variable(x), Expr::variable(r)));
  p.instances.back().kind = RuleKind::proxy;
  auto [components, checked, solved] = solve_both_ways(p);
  REQUIRE(components.size() == 1);
  CHECK_FALSE(exact_witness(p, components[0]));
  CHECK(solved[0].status == Status::consistent);
  CHECK(checked[0].status == Status::consistent);
  CHECK(checked[0].witness_source == "z3 model");
  CHECK(checked[0].solver_checks == 1);
}

TEST_CASE("the exact check gives a key only rules bound the value those rules allow", "[solve][witness]") {
  using Op = Expr::Op;
  auto exactly = [](Rational v) { return Interval{Bound{v, false}, Bound{v, false}}; };
  auto value_of = [](const Assignment& w, int var) { return std::get<Rational>(w.at(var)); };
  SECTION("one side of a comparison: the least whole number it allows") {
    GroundProblem p;
    int leaders = add_variable(p, "leaders", ValueType::count), members = add_variable(p, "members", ValueType::count);
    add_claim(p, leaders, exactly(5));
    add_rule(p, "subset", Expr::binary(Op::le, Expr::variable(leaders), Expr::variable(members)));
    auto [components, checked, solved] = solve_both_ways(p);
    auto w = exact_witness(p, components.at(0));
    REQUIRE(w);
    CHECK(value_of(*w, members) == 5);
    CHECK(checked[0].witness_source == "exact check");
    CHECK(checked[0].solver_checks == 0);
    CHECK(solved[0].status == Status::consistent);
  }
  SECTION("the missing part of a sum, then a key bound by that part: solved in turn") {
    GroundProblem p;
    int total = add_variable(p, "total", ValueType::count), a = add_variable(p, "a", ValueType::count),
        b = add_variable(p, "b", ValueType::count), c = add_variable(p, "c", ValueType::count),
        staff = add_variable(p, "staff", ValueType::count);
    add_claim(p, total, exactly(10));
    add_claim(p, a, exactly(1));
    add_claim(p, b, exactly(2));
    add_rule(p, "parts", Expr::binary(Op::eq, Expr::variable(total),
                                      Expr::sum({Expr::variable(a), Expr::variable(b), Expr::variable(c)})));
    add_rule(p, "staff", Expr::binary(Op::gt, Expr::variable(staff), Expr::scaled(2, Expr::variable(c))));
    auto [components, checked, solved] = solve_both_ways(p);
    auto w = exact_witness(p, components.at(0));
    REQUIRE(w);
    CHECK(value_of(*w, c) == 7);
    CHECK(value_of(*w, staff) == 15);  // the least whole number above 14
    CHECK(checked[0].solver_checks == 0);
  }
  SECTION("a truth value: true, or false where true breaks the rule") {
    GroundProblem p;
    int leads = add_variable(p, "leads", ValueType::boolean), active = add_variable(p, "active", ValueType::boolean),
        closed = add_variable(p, "closed", ValueType::boolean);
    add_claim(p, leads, std::nullopt, true);
    add_rule(p, "implication", Expr::binary(Op::implies, Expr::variable(leads), Expr::variable(active)));
    add_rule(p, "exclusion", Expr::binary(Op::implies, Expr::variable(leads), Expr::unary(Op::not_, Expr::variable(closed))));
    auto [components, checked, solved] = solve_both_ways(p);
    auto w = exact_witness(p, components.at(0));
    REQUIRE(w);
    CHECK(w->at(active) == Value{true});
    CHECK(w->at(closed) == Value{false});
    CHECK(checked[0].solver_checks == 0);
  }
  SECTION("left to Z3: a whole number at a fraction, and two keys in one instance") {
    GroundProblem half;
    int x = add_variable(half, "x", ValueType::count), y = add_variable(half, "y", ValueType::count);
    add_claim(half, x, exactly(3));
    add_rule(half, "double", Expr::binary(Op::eq, Expr::variable(x), Expr::scaled(2, Expr::variable(y))));
    auto [components, checked, solved] = solve_both_ways(half);
    CHECK_FALSE(exact_witness(half, components.at(0)));
    CHECK(checked[0].status == Status::inconsistent);
    CHECK(solved[0].status == Status::inconsistent);

    GroundProblem two;
    int s = add_variable(two, "s", ValueType::count), u = add_variable(two, "u", ValueType::count),
        v = add_variable(two, "v", ValueType::count);
    add_claim(two, s, exactly(4));
    add_rule(two, "sum", Expr::binary(Op::le, Expr::variable(s), Expr::sum({Expr::variable(u), Expr::variable(v)})));
    auto [components2, checked2, solved2] = solve_both_ways(two);
    CHECK_FALSE(exact_witness(two, components2.at(0)));
    CHECK(checked2[0].status == Status::consistent);
    CHECK(checked2[0].witness_source == "z3 model");
  }
}
