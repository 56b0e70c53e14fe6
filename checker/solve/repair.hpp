#pragma once
// Internal to solve/: the minimum-weight corrections of one inconsistent component.
#include <z3++.h>

#include "model/problem.hpp"
#include "solve/solve.hpp"

namespace claimcheck {

void find_repairs(const GroundProblem& problem, const Component& component, const SolveOptions& options,
                  Outcome& out);

// The least factor t >= 1 by which widening every tolerance-made interval of the conflict's
// claims about its stated number lets them hold together; nullopt if no t does. With
// `rounding`, the intervals that rounding made widen instead. Runs on the caller's solver, in a
// scope of its own: a new context costs milliseconds, and the least factor is proven, so it does
// not depend on what the solver saw before.
std::optional<Rational> least_widening(z3::solver& solver, const GroundProblem& problem, const Component& component,
                                       const Conflict& conflict, const SolveOptions& options, bool rounding = false);
// The same with Z3 alone, for conflicts outside what exact_widening.hpp handles (and to test it).
std::optional<Rational> z3_least_widening(z3::solver& solver, const GroundProblem& problem, const Component& component,
                                          const Conflict& conflict, const SolveOptions& options, bool rounding = false);

}  // namespace claimcheck
