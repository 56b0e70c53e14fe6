#pragma once
// The map of MARCO: which subsets of a component's elements are still unexplored, as clauses
// over one Boolean per element. A small DPLL search that prefers `true`, so the seeds it
// proposes are large. Plain C++ and deterministic: the same clauses always give the same model.
#include <cstdint>
#include <optional>
#include <vector>

namespace claimcheck {

class MapSolver {
 public:
  explicit MapSolver(std::size_t variables) : variables_(variables) {}

  // Block every superset of `set` (a minimal conflict): not all of them may be chosen again.
  void block_supersets(const std::vector<std::size_t>& set);
  // Block every subset of the complement of `set` (`set` is a minimal correction): at least one
  // of them must be chosen.
  void block_subsets_avoiding(const std::vector<std::size_t>& set);

  enum class Result { model, exhausted, gave_up };
  // A model, as the chosen elements, in `chosen`; `exhausted` when no subset is left; `gave_up`
  // after `max_decisions` decisions (the search is exponential in the worst case).
  Result next(std::vector<std::size_t>& chosen, std::uint64_t max_decisions = 10'000'000);

 private:
  struct Clause {
    std::vector<std::size_t> vars;
    bool positive;  // at least one true (positive) or at least one false (negative)
  };
  std::size_t variables_;
  std::vector<Clause> clauses_;
  std::uint64_t decisions_ = 0;

  bool propagate(std::vector<std::int8_t>& value) const;
  bool search(std::vector<std::int8_t>& value, std::uint64_t max_decisions, bool& gave_up);
};

}  // namespace claimcheck
