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
// `rounding`, the intervals that rounding made widen instead. Runs in the caller's context: a new
// one costs milliseconds, and the least factor does not depend on what the context saw before.
std::optional<Rational> least_widening(z3::context& ctx, const GroundProblem& problem, const Component& component,
                                       const Conflict& conflict, const SolveOptions& options, bool rounding = false);

}  // namespace claimcheck
