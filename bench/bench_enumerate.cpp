// Enumeration benchmark: components with many overlapping minimal conflicts, every minimal
// conflict found with MARCO (map solver) and with shrink-block-repeat (no map solver), in one
// run, on two shapes. Prints minimal conflicts per second. Not a test:
//   build/bench/claimcheck_bench_mus [N] [K] [M] [CAP]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "model/problem_builder.hpp"
#include "partition/partition.hpp"
#include "solve/solve.hpp"

using namespace claimcheck;

namespace {

// One component: K low and K high claims on one count (every low-high pair conflicts: K*K
// minimal conflicts of two claims), plus two sub-counts whose claimed sum exceeds a span claim
// unless one of them is doubted (more conflicts that share claims with the first ones).
void add_component(GroundProblem& p, int index, int k) {
  std::string e = std::to_string(index);
  int x = add_variable(p, "x" + e, ValueType::count), a = add_variable(p, "a" + e, ValueType::count), b = add_variable(p, "b" + e, ValueType::count);
  for (int i = 0; i < k; ++i) add_claim(p, x, Interval{std::nullopt, Bound{Rational(10 + i), false}});
  for (int i = 0; i < k; ++i) add_claim(p, x, Interval{Bound{Rational(50 + i), false}, std::nullopt});
  add_claim(p, a, Interval{Bound{Rational(30), false}, std::nullopt});
  add_claim(p, b, Interval{Bound{Rational(30), false}, std::nullopt});
  add_rule(p, "additivity", Expr::binary(Expr::Op::le, Expr::sum({Expr::variable(a), Expr::variable(b)}), Expr::variable(x)));
}

// One component: M monthly counts each claimed to be at least 1, and a yearly total claimed to
// be at most CAP, under additivity. Every CAP+1 months with the total conflict: C(M, CAP+1)
// minimal conflicts, heavily overlapping, and C(M, CAP) minimal corrections. A search that
// shrinks, blocks and repeats without a map revisits the subsets between them.
void add_capped_component(GroundProblem& p, int index, int months, int cap) {
  std::string e = std::to_string(index);
  std::vector<Expr> parts;
  for (int m = 0; m < months; ++m) {
    int x = add_variable(p, "month" + e + "_" + std::to_string(m), ValueType::count);
    add_claim(p, x, Interval{Bound{Rational(1), false}, std::nullopt});
    parts.push_back(Expr::variable(x));
  }
  int total = add_variable(p, "year" + e, ValueType::count);
  add_claim(p, total, Interval{std::nullopt, Bound{Rational(cap), false}});
  add_rule(p, "additivity", Expr::binary(Expr::Op::le, Expr::sum(std::move(parts)), Expr::variable(total)));
}

int run(const char* title, const GroundProblem& problem) {
  std::vector<Component> components = partition(problem);
  std::printf("%s: %zu components, 1 thread\n", title, components.size());
  std::size_t reference = 0;
  for (bool map_solver : {true, false}) {
    SolveOptions options;
    options.map_solver = map_solver;
    options.max_conflicts = 100000;
    auto start = std::chrono::steady_clock::now();
    std::vector<Outcome> outcomes = solve(problem, components, options);
    double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::size_t conflicts = 0, checks = 0;
    for (const auto& o : outcomes) {
      conflicts += o.conflicts.size();
      checks += o.solver_checks;
    }
    std::printf("%-34s %8.3f s  %6zu minimal conflicts  %9.1f conflicts/s  %8zu solver checks\n",
                map_solver ? "MARCO (map solver)" : "shrink-block-repeat (no map)", elapsed, conflicts,
                conflicts / elapsed, checks);
    if (reference == 0) reference = conflicts;
    else if (conflicts != reference) {
      std::printf("MISMATCH: %zu conflicts vs %zu\n", conflicts, reference);
      return 1;
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 40;
  int k = argc > 2 ? std::atoi(argv[2]) : 5;
  int months = argc > 3 ? std::atoi(argv[3]) : 12;
  int cap = argc > 4 ? std::atoi(argv[4]) : 3;
  GroundProblem pairs, capped;
  for (int i = 0; i < n; ++i) add_component(pairs, i, k);
  add_capped_component(capped, 0, months, cap);
  std::string pairs_title = std::to_string(2 * k + 2) + " claims: " + std::to_string(k) + " low x " + std::to_string(k) +
                            " high claims on one count, plus a sum";
  std::string capped_title = std::to_string(months) + " monthly counts >= 1 against a yearly total <= " + std::to_string(cap);
  int status = run(pairs_title.c_str(), pairs);
  std::printf("\n");
  return status | run(capped_title.c_str(), capped);
}
