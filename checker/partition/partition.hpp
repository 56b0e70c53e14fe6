#pragma once
// partition/: claims joined through shared variables or rule instances form components that
// are solved independently.
#include <vector>

#include "model/problem.hpp"

namespace claimcheck {

std::vector<Component> partition(const GroundProblem& problem);

}  // namespace claimcheck
