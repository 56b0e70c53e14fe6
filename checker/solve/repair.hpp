#pragma once
// Internal to solve/: the minimum-weight corrections of one inconsistent component.
#include "model/problem.hpp"
#include "solve/solve.hpp"

namespace claimcheck {

void find_repairs(const GroundProblem& problem, const Component& component, const SolveOptions& options,
                  Outcome& out);

// The least factor t >= 1 by which widening every tolerance-made interval of the conflict's
// claims about its stated number lets them hold together; nullopt if no t does. With
// `rounding`, the intervals that rounding made widen instead.
std::optional<Rational> least_widening(const GroundProblem& problem, const Component& component,
                                       const Conflict& conflict, const SolveOptions& options, bool rounding = false);

}  // namespace claimcheck
