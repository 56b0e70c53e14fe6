// Solve-stage benchmark: N synthetic components, solved with one Z3 solver per worker reused
// through push/pop, and with a new Z3 context per component, in one run. Prints components/s.
// A benchmark, not a test: run it by hand (build/bench/claimcheck_bench [N] [threads]).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "model/problem_builder.hpp"
#include "partition/partition.hpp"
#include "solve/solve.hpp"

using namespace claimcheck;

namespace {

Interval at_least(long v, bool strict) { return Interval{Bound{Rational(v), strict}, std::nullopt}; }
Interval exactly(long v) { return Interval{Bound{Rational(v), false}, Bound{Rational(v), false}}; }

// One component: six yearly counts, a span count that must hold their sum (additivity), a
// second claim on the span (agreement), and a parts-sum rule. Every `conflict_every`-th
// component has a span claim too small for the years: a real conflict to minimize.
void add_component(GroundProblem& p, int index, bool conflict, std::mt19937& rng) {
  std::string entity = "E" + std::to_string(index);
  std::vector<int> years;
  long total = 0;
  for (int y = 0; y < 6; ++y) {
    int v = add_variable(p, "count(" + entity + ", " + std::to_string(2000 + y) + ")", ValueType::count);
    long value = 10 + static_cast<long>(rng() % 90);
    total += value;
    add_claim(p, v, y % 2 ? at_least(value, true) : exactly(value));
    years.push_back(v);
  }
  int span = add_variable(p, "count(" + entity + ", 2000..2005)", ValueType::count);
  add_claim(p, span, at_least(conflict ? total / 2 : total + 10, true));
  add_claim(p, span, Interval{std::nullopt, Bound{Rational(conflict ? total / 2 + 5 : total * 3), false}});
  std::vector<Expr> terms;
  for (int v : years) terms.push_back(Expr::variable(v));
  add_rule(p, "additivity", Expr::binary(Expr::Op::le, Expr::sum(std::move(terms)), Expr::variable(span)));
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 2000;
  unsigned threads = argc > 2 ? static_cast<unsigned>(std::atoi(argv[2])) : 1;
  GroundProblem problem;
  std::mt19937 rng(42);
  for (int i = 0; i < n; ++i) add_component(problem, i, i % 4 == 0, rng);
  std::vector<Component> components = partition(problem);
  std::printf("%zu components of 8 claims (1 in 4 inconsistent), %u thread(s), witness check off\n",
              components.size(), threads);

  {
    // Warm-up: Z3's first contexts in a process are several times slower than later ones.
    std::vector<Component> few(components.begin(), components.begin() + std::min<std::size_t>(50, components.size()));
    SolveOptions warm;
    warm.witness_check = false;
    warm.context_per_component = true;
    solve(problem, few, warm);
  }
  std::vector<Outcome> reference;
  for (bool per_component : {false, true}) {
    SolveOptions options;
    options.threads = threads;
    options.witness_check = false;
    options.context_per_component = per_component;
    auto start = std::chrono::steady_clock::now();
    std::vector<Outcome> outcomes = solve(problem, components, options);
    double elapsed = seconds_since(start);
    std::size_t inconsistent = 0, checks = 0;
    for (const auto& o : outcomes) {
      inconsistent += o.status == Status::inconsistent;
      checks += o.solver_checks;
    }
    std::printf("%-28s %8.3f s  %9.1f components/s  %zu inconsistent  %zu solver checks\n",
                per_component ? "context per component" : "push/pop, solver per worker", elapsed,
                components.size() / elapsed, inconsistent, checks);
    if (reference.empty()) {
      reference = outcomes;
    } else {
      for (std::size_t i = 0; i < outcomes.size(); ++i)
        if (outcomes[i].conflicts.size() != reference[i].conflicts.size() ||
            (!outcomes[i].conflicts.empty() && outcomes[i].conflicts[0].claims != reference[i].conflicts[0].claims)) {
          std::printf("MISMATCH in component %zu between the two modes\n", i + 1);
          return 1;
        }
    }
  }
  SolveOptions options;
  options.threads = threads;
  auto start = std::chrono::steady_clock::now();
  solve(problem, components, options);
  double elapsed = seconds_since(start);
  std::printf("%-28s %8.3f s  %9.1f components/s\n", "push/pop + exact witness", elapsed, components.size() / elapsed);
  return 0;
}
