#pragma once
// solve/: the only stage that talks to Z3. Each component is checked with one indicator literal
// per claim and per rule instance; inconsistent components get a minimal conflicting set of
// claims, consistent ones a witness. Everything it returns depends only on the input, never on
// thread count or solver history.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "model/problem.hpp"

namespace claimcheck {

// Z3 contexts made ahead of solve() on a thread of their own. Each one touches about 19 MB as it
// is made (page faults, the larger part of making it); made while an earlier stage leaves a core
// idle, that cost is off the path to the report.
class PreparedContexts;
std::shared_ptr<PreparedContexts> prepare_contexts(unsigned count);

struct SolveOptions {
  unsigned threads = 1;
  std::uint64_t rlimit = 20'000'000;  // Z3 resource units per component, over all its checks
  bool witness_check = true;          // try an exact witness before calling Z3
  bool context_per_component = false; // benchmark baseline: a new Z3 context for every component
  std::size_t max_conflicts = 100;    // minimal conflicts listed per component before stopping
  std::size_t max_component_claims = 5000;  // larger components not settled by the exact check are unknown
  bool map_solver = true;             // MARCO; false: shrink, block and repeat (benchmark baseline)
  bool always_optimize = false;       // find the cheapest corrections with Z3's optimizer even when the
                                      // complete list of minimal corrections already gives them
  // Set from elsewhere (a signal handler) to stop early: running checks are interrupted, no new
  // component starts, and every component not finished is marked `interrupted`.
  const std::atomic<bool>* stop = nullptr;
  // Called from the workers after each component (components finished so far, total); must be
  // thread-safe and cheap. Output never depends on it.
  std::function<void(std::size_t, std::size_t)> progress;
  // Contexts for the workers to take before they make their own (see prepare_contexts).
  std::shared_ptr<PreparedContexts> contexts;
};

std::vector<Outcome> solve(const GroundProblem& problem, const std::vector<Component>& components,
                           const SolveOptions& options);

// The exact check alone: a witness built from the claims' intervals, if it satisfies every
// claim and rule instance of the component.
std::optional<Assignment> exact_witness(const GroundProblem& problem, const Component& component);

// The outcome of a component a stop request left unsolved: unknown, and marked interrupted.
Outcome stopped_outcome();

// Counts and stocks: never below zero, whatever the claims say.
bool never_negative(const Variable& var);

}  // namespace claimcheck
