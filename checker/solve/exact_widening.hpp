#pragma once
// Internal to solve/: the least widening of a conflict (repair.hpp, least_widening) in exact
// rationals, without Z3, when the widened conflict is a conjunction of linear inequalities:
// intervals, sums, bounds and linear rules over numeric keys. Fourier-Motzkin elimination
// solves the real-valued problem; branch and bound on it makes integer keys whole.
#include <optional>
#include <vector>

#include "model/problem.hpp"

namespace claimcheck {

struct ExactWidening {
  // false: the conflict is outside what this method handles (a Boolean key, a disjunction, a
  // strict bound between real-valued keys), or the search stopped at its size limits; ask Z3.
  bool decided = false;
  std::optional<Rational> least;  // when decided: the least factor, or none when no factor works
};

// `center`: the number each atom's interval widens about (GroundAtom::center or
// GroundAtom::rounding_center); an atom without one keeps its interval.
ExactWidening exact_least_widening(const GroundProblem& problem, const Conflict& conflict, CenterOf center);

}  // namespace claimcheck
