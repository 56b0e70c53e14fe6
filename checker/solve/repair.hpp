#pragma once
// Internal to solve/: the minimum-weight corrections of one inconsistent component.
#include "model/problem.hpp"
#include "solve/solve.hpp"

namespace claimcheck {

void find_repairs(const GroundProblem& problem, const Component& component, const SolveOptions& options,
                  Outcome& out);

}  // namespace claimcheck
